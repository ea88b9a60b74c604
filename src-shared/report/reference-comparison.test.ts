import { describe, expect, it } from 'vitest';
import { compareWithReference, formatReferenceComparison } from './reference-comparison';
import { buildResultsTable } from './results-table';
import { fakeEvaluation as ev, fakeRun as run } from './testing';

// Three seeds. Noisy audio: PL − FT d = [0.1, 0.11, 0.09] (scipy ttest_1samp p = 0.0033168),
// noisy visual: d = [−0.1, −0.2, 0.05] (p = 0.37005921165128797 for the negated values).
const seeds = [0, 1, 2];
const table = buildResultsTable(
  seeds.flatMap((s) => [
    run(10 + s, 'backbone', 'ft', 'complete', s),
    run(20 + s, 'adapt', 'pl', 'noisy_audio', s),
    run(30 + s, 'adapt', 'pl', 'noisy_visual', s),
  ]),
  [
    ...[0.5, 0.6, 0.7].map((a, s) => ev(10 + s, 'noisy_audio', a)),
    ...[0.6, 0.71, 0.79].map((a, s) => ev(20 + s, 'noisy_audio', a)),
    ...[0.8, 0.8, 0.8].map((a, s) => ev(10 + s, 'noisy_visual', a)),
    ...[0.7, 0.6, 0.85].map((a, s) => ev(30 + s, 'noisy_visual', a)),
  ],
);

describe('compareWithReference', () => {
  const rows = compareWithReference(table);

  it('says per case whether our PL − FT has the reference’s sign and is significant', () => {
    const audio = rows.find((r) => r.case === 'noisy_audio')!;
    expect(audio).toMatchObject({
      referenceFt: 0.69,
      referencePl: 0.79,
      sameSign: true,
      significant: true,
      n: 3,
    });
    expect(audio.diff).toBeCloseTo(0.1, 12);
    expect(audio.pT).toBeCloseTo(0.003316758722356861, 10);
    const visual = rows.find((r) => r.case === 'noisy_visual')!;
    expect(visual).toMatchObject({ sameSign: false, significant: false });
    expect(visual.pT).toBeCloseTo(0.37005921165128797, 10);
  });

  it('has nothing to say where we have no PL result', () => {
    expect(rows.find((r) => r.case === 'noisy_both')).toMatchObject({
      diff: null,
      sameSign: null,
      n: 0,
    });
  });

  it('measures PL against the FT backbone too when its row’s baseline is FT on case', () => {
    // Noisy audio gains an FT-on-case run per seed: PL − FT on case d = [0.05, 0.06, 0.04].
    const withFtOnCase = buildResultsTable(
      seeds.flatMap((s) => [
        run(10 + s, 'backbone', 'ft', 'complete', s),
        run(20 + s, 'adapt', 'pl', 'noisy_audio', s),
        run(40 + s, 'adapt', 'ft', 'noisy_audio', s),
      ]),
      [
        ...[0.5, 0.6, 0.7].map((a, s) => ev(10 + s, 'noisy_audio', a)),
        ...[0.6, 0.71, 0.79].map((a, s) => ev(20 + s, 'noisy_audio', a)),
        ...[0.55, 0.65, 0.75].map((a, s) => ev(40 + s, 'noisy_audio', a)),
      ],
    );
    const audio = compareWithReference(withFtOnCase).filter((r) => r.case === 'noisy_audio');
    expect(audio.map((r) => r.baseline)).toEqual(['ft_on_case', 'ft_backbone']);
    expect(audio[0]!.ourFt).toBeCloseTo(0.65, 12);
    expect(audio[0]!.diff).toBeCloseTo(0.05, 12);
    // Against the backbone: the same pairs as in the table without FT on case above.
    expect(audio[1]!.ourFt).toBeCloseTo(0.6, 12);
    expect(audio[1]!.diff).toBeCloseTo(0.1, 12);
    expect(audio[1]!.pT).toBeCloseTo(0.003316758722356861, 10);
  });

  it('writes a Markdown row per reference case', () => {
    const md = formatReferenceComparison(rows);
    expect(md).toContain(
      '| Noisy audio | 0.69 | 0.79 | +0.10 | FT backbone | 0.600 | 0.700 | +0.100 [0.075, 0.125] | 3 | 0.00332 | yes | yes |',
    );
    expect(md).toContain('| Complete | 0.99 | 0.99 | +0.00 | — | — | — | — | 0 | — | — | — |');
  });
});
