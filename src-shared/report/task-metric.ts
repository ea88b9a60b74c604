import type { Task } from '../domain/dataset';
import type { EvaluationRecord } from '../domain/records';

/**
 * What a results table reports: accuracy or macro-F1 for a single-label task, mAP or macro
 * ROC-AUC for a multi-label one (sigmoid scores ranked per class).
 */
export const RESULT_METRICS = ['accuracy', 'macroF1', 'map', 'auc'] as const;
export type ResultMetric = (typeof RESULT_METRICS)[number];

export const METRIC_LABELS: Record<ResultMetric, string> = {
  accuracy: 'accuracy',
  macroF1: 'macro-F1',
  map: 'mAP',
  auc: 'ROC-AUC',
};

/** The metrics that fit a task, its primary one first (what tables and selection default to). */
export const TASK_METRICS: Record<Task, readonly ResultMetric[]> = {
  'single-label': ['accuracy', 'macroF1'],
  'multi-label': ['map', 'auc'],
};

export const primaryMetric = (task: Task): ResultMetric => TASK_METRICS[task][0]!;

/** An experiment's task, read from its evaluations (multi-label ones carry their mAP). */
export function taskOfEvaluations(evaluations: readonly EvaluationRecord[]): Task {
  return evaluations.some((e) => e.multiLabel) ? 'multi-label' : 'single-label';
}

/**
 * An evaluation's value of a metric; null where it has none (mAP of a split without any
 * positive, or a metric of the other task).
 */
export function metricValue(e: EvaluationRecord, metric: ResultMetric): number | null {
  switch (metric) {
    case 'accuracy':
    case 'macroF1':
      return e.multiLabel ? null : e[metric];
    case 'map':
      return e.multiLabel?.map ?? null;
    case 'auc':
      return e.multiLabel?.auc ?? null;
  }
}

/** What a multi-label value means, for legends under tables. */
export const MULTI_LABEL_LEGEND: Partial<Record<ResultMetric, string>> = {
  map: 'Values are mAP: average precision per class (step-wise, as scikit-learn), macro-averaged over the classes with positives in the test split.',
  auc: 'Values are macro ROC-AUC (ties count half) over the classes with both positives and negatives in the test split.',
};
