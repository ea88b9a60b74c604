import type { DatasetRecord } from '@shared/domain/dataset';
import type { CachedFeatureSource } from './cached-feature-source';

/**
 * A dataset's cached features with its task: a multi-label dataset's source gets every sample's
 * classes (the feature cache keeps one label per sample, so its key does not depend on them).
 */
export function withDatasetLabels(
  source: CachedFeatureSource,
  record: Pick<DatasetRecord, 'task' | 'samples'>,
): CachedFeatureSource {
  if (record.task !== 'multi-label') return source;
  return source.setLabelSets(record.samples.map((s) => s.labels ?? [s.label]));
}
