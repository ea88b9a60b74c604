import { describe, expect, it } from 'vitest';
import { bestGridPoint, selectedEpoch, validationScore, validationValue } from './selection';

const h = (epoch: number, valAccuracy: number | null, valLoss: number | null = 1) => ({
  epoch,
  valAccuracy,
  valLoss,
});

describe('selectedEpoch', () => {
  it('best-val picks the epoch with the best validation accuracy, not the last', () => {
    expect(selectedEpoch([h(1, 0.5), h(2, 0.8), h(3, 0.7)], 'best-val')).toBe(2);
    expect(selectedEpoch([h(1, 0.5), h(2, 0.8), h(3, 0.7)], 'last')).toBe(3);
  });

  it('breaks ties by the lower validation loss, then the earlier epoch', () => {
    expect(selectedEpoch([h(1, 0.8, 0.9), h(2, 0.8, 0.4), h(3, 0.8, 0.4)], 'best-val')).toBe(2);
  });

  it('falls back to the last epoch when nothing was validated', () => {
    expect(selectedEpoch([h(1, null), h(2, null)], 'best-val')).toBe(2);
    expect(selectedEpoch([], 'best-val')).toBeNull();
  });
});

describe('bestGridPoint', () => {
  it('picks the grid point best on validation at its chosen epoch', () => {
    const a = validationScore([h(1, 0.6), h(2, 0.7)], 'best-val');
    const b = validationScore([h(1, 0.9), h(2, 0.5)], 'best-val');
    const c = validationScore([h(1, 0.9), h(2, 0.5)], 'last');
    expect(bestGridPoint([a, b])).toBe(1);
    expect(bestGridPoint([a, c])).toBe(0);
    expect(bestGridPoint([null, a])).toBe(1);
  });
});

describe('multi-label runs select by validation mAP', () => {
  // Top-1 hit rate (valAccuracy) and mAP disagree: mAP decides.
  const m = (epoch: number, valAccuracy: number, valMap: number | null) => ({
    epoch,
    valAccuracy,
    valMap,
    valLoss: 1,
  });

  it('best-val and grid points follow mAP, accuracy only where no mAP was measured', () => {
    expect(selectedEpoch([m(1, 0.9, 0.4), m(2, 0.5, 0.7), m(3, 0.8, 0.6)], 'best-val')).toBe(2);
    expect(
      bestGridPoint([
        validationScore([m(1, 0.9, 0.4)], 'best-val'),
        validationScore([m(1, 0.5, 0.6)], 'best-val'),
      ]),
    ).toBe(1);
    expect(validationValue(m(1, 0.3, null))).toBe(0.3);
  });
});
