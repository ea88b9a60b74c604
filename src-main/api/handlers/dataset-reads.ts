import { ApiError } from '@shared/api/envelope';
import type { DatasetRecord } from '@shared/domain/dataset';
import { DatasetFileError, DatasetNotFoundError } from '../../data/dataset-files';
import type { DatasetLibrary } from '../../data/library';
import { internal, notFound } from '../../errors';

/**
 * A dataset's record; a damaged dataset.json is reported as such (naming the file), not as a
 * missing dataset.
 */
export function datasetRecord(library: DatasetLibrary, id: string): DatasetRecord {
  try {
    return library.get(id);
  } catch (error) {
    throw datasetReadError(error);
  }
}

/** A dataset's record, once each of `indices` is known to be one of its samples. */
export function datasetWithSamples(
  library: DatasetLibrary,
  id: string,
  indices: readonly number[],
): DatasetRecord {
  const record = datasetRecord(library, id);
  for (const index of indices)
    if (index >= record.samples.length) throw notFound(`Sample ${index} of dataset "${id}"`);
  return record;
}

/**
 * The data layer's words ("no dataset 'x'", "<file>: not valid JSON"), as the CLI has always
 * printed them. A damaged dataset.json is nobody's request's fault, but it is no bug either: its
 * message is the whole story, without a stack trace in the log.
 */
export function datasetReadError(error: unknown): unknown {
  if (error instanceof DatasetFileError) return internal(error.message);
  if (!(error instanceof DatasetNotFoundError)) return error;
  return new ApiError({
    kind: 'not_found',
    message: error.message,
    issues: [{ field: 'params.id', message: error.message }],
  });
}
