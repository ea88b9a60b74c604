/**
 * Ranking metrics of a multi-label classifier, per class over a split, as scikit-learn defines
 * them (so numbers compare with AudioSet papers): `average_precision_score` (step-wise, each
 * distinct score one threshold) and `roc_auc_score` (ties between a positive and a negative
 * counted half). Scores are any monotone per-class score (sigmoid probabilities, logits).
 */

/**
 * Average precision of one class: Σ_n (R_n − R_{n−1}) · P_n over the distinct scores, highest
 * first (samples sharing a score enter together). Null when the class has no positive.
 */
export function averagePrecision(
  scores: ArrayLike<number>,
  positive: ArrayLike<boolean>,
): number | null {
  const order = descendingOrder(scores);
  let positives = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) positives++;
  if (positives === 0) return null;
  let tp = 0;
  let fp = 0;
  let recallBefore = 0;
  let ap = 0;
  for (let i = 0; i < order.length; ) {
    const score = scores[order[i]!]!;
    // One threshold per distinct score: the whole tie group enters at once.
    for (; i < order.length && scores[order[i]!] === score; i++) {
      if (positive[order[i]!]) tp++;
      else fp++;
    }
    const recall = tp / positives;
    ap += (recall - recallBefore) * (tp / (tp + fp));
    recallBefore = recall;
  }
  return ap;
}

/**
 * Area under the ROC curve of one class: the probability that a random positive outscores a
 * random negative, a tie counting half (Mann–Whitney U from average ranks). Null when the class
 * has no positive or no negative.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number | null {
  const order = descendingOrder(scores);
  const n = order.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (positive[i]) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  // Walk from the highest score; each tie group: its positives beat every negative below it
  // and tie with the group's own negatives.
  let negativesBelow = negatives;
  let wins = 0;
  for (let i = 0; i < n; ) {
    const score = scores[order[i]!]!;
    let groupPos = 0;
    let groupNeg = 0;
    for (; i < n && scores[order[i]!] === score; i++) {
      if (positive[order[i]!]) groupPos++;
      else groupNeg++;
    }
    negativesBelow -= groupNeg;
    wins += groupPos * (negativesBelow + groupNeg / 2);
  }
  return wins / (positives * negatives);
}

/** Macro average over the classes that have a value, and how many classes had none. */
export interface MacroAverage {
  /** Null when no class has a value. */
  mean: number | null;
  perClass: (number | null)[];
  /** Classes left out of the mean (no positives; for AUC also no negatives). */
  skipped: number;
}

export interface MultiLabelMetrics {
  /** Mean average precision: per-class AP, macro-averaged over classes with positives. */
  map: MacroAverage;
  /** Macro ROC-AUC over classes with both positives and negatives. */
  auc: MacroAverage;
}

/**
 * mAP and macro ROC-AUC of scores [N, C] (row-major) against k-hot targets [N, C] (> 0.5 is a
 * positive).
 */
export function multiLabelMetrics(
  scores: Float32Array | readonly number[],
  targets: Float32Array | readonly number[],
  classes: number,
): MultiLabelMetrics {
  const n = classes === 0 ? 0 : scores.length / classes;
  if (!Number.isInteger(n) || targets.length !== scores.length)
    throw new Error(
      `multiLabelMetrics: ${scores.length} scores and ${targets.length} targets for ${classes} classes`,
    );
  const ap: (number | null)[] = [];
  const auc: (number | null)[] = [];
  const column = new Float64Array(n);
  const positive = new Array<boolean>(n);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < n; i++) {
      column[i] = scores[i * classes + c]!;
      positive[i] = targets[i * classes + c]! > 0.5;
    }
    ap.push(averagePrecision(column, positive));
    auc.push(rocAuc(column, positive));
  }
  return { map: macroAverage(ap), auc: macroAverage(auc) };
}

function macroAverage(perClass: (number | null)[]): MacroAverage {
  const present = perClass.filter((v): v is number => v !== null);
  return {
    mean: present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length,
    perClass,
    skipped: perClass.length - present.length,
  };
}

/** Indices by score, highest first (stable: equal scores keep their order). */
function descendingOrder(scores: ArrayLike<number>): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/**
 * Whether the highest-scoring class of each row is one of its labels, counted: a cheap running
 * figure for training steps (not a ranking metric; epochs report validation mAP).
 */
export function topOneHits(
  predicted: ArrayLike<number>,
  targets: Float32Array,
  classes: number,
): number {
  let hits = 0;
  for (let i = 0; i < predicted.length; i++)
    if (targets[i * classes + predicted[i]!]! > 0.5) hits++;
  return hits;
}

/**
 * Macro-F1 of predictions thresholded at `threshold` (a class is predicted when its score
 * reaches it), over the classes that occur in the targets or the predictions, as the
 * single-label macroF1 counts them.
 */
export function thresholdedMacroF1(
  scores: Float32Array,
  targets: Float32Array,
  classes: number,
  threshold: number,
): number {
  const n = classes === 0 ? 0 : scores.length / classes;
  let sum = 0;
  let counted = 0;
  for (let c = 0; c < classes; c++) {
    let tp = 0;
    let actual = 0;
    let predicted = 0;
    for (let i = 0; i < n; i++) {
      const isPositive = targets[i * classes + c]! > 0.5;
      const isPredicted = scores[i * classes + c]! >= threshold;
      if (isPositive) actual++;
      if (isPredicted) predicted++;
      if (isPositive && isPredicted) tp++;
    }
    if (actual === 0 && predicted === 0) continue;
    sum += (2 * tp) / (actual + predicted);
    counted++;
  }
  return counted === 0 ? 0 : sum / counted;
}
