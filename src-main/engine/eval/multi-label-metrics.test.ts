import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  multiLabelMetrics,
  rocAuc,
  thresholdedMacroF1,
  topOneHits,
} from './multi-label-metrics';

// Class 0 of the example below: five samples, a tie at 0.8 between a positive and a negative.
const scores0 = [0.9, 0.8, 0.8, 0.3, 0.1];
const positive0 = [true, false, true, false, true];

describe('multi-label metrics', () => {
  it('average precision is step-wise over distinct scores, a tie group entering at once', () => {
    // Thresholds 0.9 → R 1/3, P 1; 0.8 (the tie) → R 2/3, P 2/3; 0.3 → R 2/3; 0.1 → R 1, P 3/5.
    // AP = 1/3·1 + 1/3·2/3 + 0 + 1/3·3/5 = 34/45 (scikit-learn's average_precision_score).
    expect(averagePrecision(scores0, positive0)).toBeCloseTo(34 / 45, 12);
    // Breaking the tie the lucky way would give 1/3 + 1/3 + 1/3·3/5 = 0.8667: ties are not.
    expect(averagePrecision([1, 0.5], [true, true])).toBe(1);
    expect(averagePrecision([0.2, 0.1], [false, false])).toBeNull();
  });

  it('ROC-AUC counts a positive–negative tie as half a win', () => {
    // Pairs (positive, negative): 0.9 beats 0.8 and 0.3 → 2; 0.8 ties 0.8 (½) and beats 0.3
    // → 1.5; 0.1 beats none. AUC = 3.5 / (3·2) = 7/12.
    expect(rocAuc(scores0, positive0)).toBeCloseTo(7 / 12, 12);
    expect(rocAuc([0.5, 0.5], [true, false])).toBe(0.5);
    expect(rocAuc([0.3, 0.2], [true, true])).toBeNull();
    expect(rocAuc([0.3, 0.2], [false, false])).toBeNull();
  });

  it('macro-averages over the classes that have a value and counts the ones skipped', () => {
    // Three classes, five samples (row-major [5, 3]): class 0 as above, class 1 has no positive,
    // class 2 is positive everywhere (AP 1, no AUC: no negative).
    const scores = scores0.flatMap((s, i) => [s, 0.1 * i, 0.5]);
    const targets = positive0.flatMap((p) => [p ? 1 : 0, 0, 1]);
    const m = multiLabelMetrics(scores, targets, 3);
    expect(m.map.perClass[0]).toBeCloseTo(34 / 45, 12);
    expect(m.map.perClass.slice(1)).toEqual([null, 1]);
    expect(m.map.mean).toBeCloseTo((34 / 45 + 1) / 2, 12);
    expect(m.map.skipped).toBe(1);
    expect(m.auc.mean).toBeCloseTo(7 / 12, 12);
    expect(m.auc.perClass).toEqual([m.auc.perClass[0], null, null]);
    expect(m.auc.skipped).toBe(2);
    expect(() => multiLabelMetrics([0.1, 0.2], [1], 2)).toThrow(/2 scores and 1 targets/);
  });

  it('no positives anywhere gives no mAP rather than a zero', () => {
    const m = multiLabelMetrics([0.4, 0.6], [0, 0], 1);
    expect(m.map).toEqual({ mean: null, perClass: [null], skipped: 1 });
  });

  it('thresholded macro-F1 and top-1 hits', () => {
    // Two samples, two classes. Sample 0: labels {0}, scores (0.7, 0.6) → predicts {0, 1};
    // sample 1: labels {0, 1}, scores (0.2, 0.9) → predicts {1}.
    const scores = Float32Array.from([0.7, 0.6, 0.2, 0.9]);
    const targets = Float32Array.from([1, 0, 1, 1]);
    // Class 0: tp 1, actual 2, predicted 1 → 2/3; class 1: tp 1, actual 1, predicted 2 → 2/3.
    expect(thresholdedMacroF1(scores, targets, 2, 0.5)).toBeCloseTo(2 / 3, 6);
    // Top classes 0 and 1: both among their sample's labels.
    expect(topOneHits([0, 1], targets, 2)).toBe(2);
    expect(topOneHits([1, 1], targets, 2)).toBe(1);
  });
});
