import type { DatasetRecord } from '@shared/domain/dataset';
import { DatasetNotFoundError } from '../../data/dataset-files';
import { DatasetLibrary } from '../../data/library';
import { invalid } from '../../errors';
import type { AppContext } from '../context';

/**
 * Checks that runs are created on: the dataset exists and a run on it can be trained and
 * evaluated (two classes, test samples). Refused here, a mistake is a request error naming the
 * field instead of a run that fails minutes later (or reports accuracy 0 on 0 samples).
 */
export function datasetForRuns(ctx: AppContext, datasetId: string, field: string): DatasetRecord {
  const record = readDataset(ctx, datasetId, field);
  const trainClasses = new Set(
    record.samples.filter((s) => s.split === 'train').map((s) => s.label),
  );
  if (trainClasses.size < 2) {
    throw invalid(
      field,
      `dataset '${datasetId}' has ${trainClasses.size} class(es) in its train split: a classifier needs at least two`,
    );
  }
  if (record.splits.test === 0) {
    throw invalid(
      field,
      `dataset '${datasetId}' has no test samples, so its runs could not be evaluated: import it again with a test split (a split or fold column, test/ folders, or a test fraction)`,
    );
  }
  return record;
}

/** The dataset's record, or a request error naming the field when there is no such dataset. */
export function readDataset(ctx: AppContext, datasetId: string, field: string): DatasetRecord {
  try {
    return new DatasetLibrary(ctx.layout.root).get(datasetId);
  } catch (error) {
    if (error instanceof DatasetNotFoundError) {
      throw invalid(field, `no dataset '${datasetId}' (avlab dataset list shows the ids)`);
    }
    throw error;
  }
}
