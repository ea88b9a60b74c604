import type { RunDetail } from '@shared/api/methods/runs';
import { describeCompute } from '@shared/domain/backend';
import type { RunRecord } from '@shared/domain/records';
import { evaluationFigures } from '../evaluation-text';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function runLine(r: RunRecord): string {
  return [
    String(r.id).padStart(4),
    r.status.padEnd(11),
    `${r.method}/${r.case}`.padEnd(24),
    `seed ${r.seed}`,
    `η ${r.missingRate}`,
    `epochs ${r.epochsDone}/${r.config.training.epochs}`,
    r.backend ?? '',
    r.experimentId ? `exp ${r.experimentId}` : '',
    r.error ? `— ${r.error}` : '',
  ]
    .filter(Boolean)
    .join('  ');
}

/** The human-readable form of `runs show` and of the end of `train`. */
export function printRunSummary(detail: RunDetail): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(runLine(detail.run));
  if (detail.run.compute) out(`  computed on ${describeCompute(detail.run.compute)}`);
  const last = detail.epochs.at(-1);
  if (last) {
    out(
      `  last epoch ${last.epoch}: loss ${last.trainLoss.toFixed(4)}, train acc ${pct(last.trainAccuracy)}` +
        (last.valAccuracy === null ? '' : `, val acc ${pct(last.valAccuracy)}`) +
        (last.valMap == null ? '' : `, val mAP ${last.valMap.toFixed(3)}`),
    );
  }
  for (const e of detail.evaluations) {
    out(
      `  eval ${e.case.padEnd(15)} ${e.prompting.padEnd(9)} η ${e.missingRate}  ${evaluationFigures(e)}  (${e.samples} samples)`,
    );
  }
  const f = detail.efficiency;
  if (f) {
    out(
      `  params ${f.trainableParams.toLocaleString('en')} trainable of ${f.totalParams.toLocaleString('en')}; ` +
        `${f.trainSamplesPerSec.toFixed(1)} samples/s, ${f.secondsPerEpoch.toFixed(1)} s/epoch; ` +
        `peak tensors ${(f.peakTensorBytes / 2 ** 20).toFixed(0)} MiB, peak RSS ${(f.peakRssBytes / 2 ** 20).toFixed(0)} MiB (${f.backend})`,
    );
  }
}
