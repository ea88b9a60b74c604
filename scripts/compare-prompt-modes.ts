/**
 * Deep vs readonly input prompts on the same backbones. For every PL run of an experiment it
 * trains a twin with the other input-prompt mode — same backbone, training config, corruption
 * (and draws), seed — unless the twin is already stored, then prints the paired comparison of
 * their test accuracies (situation-specific prompting) and their cost.
 *
 *   node --import tsx scripts/compare-prompt-modes.ts --home DIR --experiment N [--out FILE]
 *
 * Twins are ordinary runs outside the experiment (they adapt its backbones), so the experiment's
 * own tables are unchanged. Pairs are (seed, trained case); the test is the paired t-test of
 * src-shared/report (p over seeds × cases).
 */
import { writeFileSync } from 'node:fs';
import type { RunDetail } from '@shared/api/methods/runs';
import type { Case } from '@shared/domain/cases';
import type { InputPromptMode } from '@shared/domain/methods';
import type { RunRecord } from '@shared/domain/records';
import { pairedDifference } from '@shared/report/paired-test';
import { meanStd } from '@shared/report/stats';
import { Command } from 'commander';
import { startApiRuntime } from '../src-main/api/runtime';
import { callApi } from '../src-main/cli/output';
import { positiveInt } from '../src-main/cli/parsers';
import { watchRuns } from '../src-main/cli/watch-runs';

const opts = new Command('compare-prompt-modes')
  .requiredOption('--home <dir>', 'data directory holding the experiment')
  .requiredOption('--experiment <id>', 'experiment whose PL runs get twins', positiveInt)
  .option('--out <file>', 'also write the Markdown report here')
  .parse()
  .opts<{ home: string; experiment: number; out?: string }>();

const other = (m: InputPromptMode): InputPromptMode => (m === 'deep' ? 'readonly' : 'deep');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The stored run that differs from `run` only in its input-prompt mode, if any. */
function twinOf(run: RunRecord, candidates: RunRecord[]): RunRecord | undefined {
  const mode = other(run.config.model.inputPromptMode);
  return candidates.find(
    (c) =>
      c.id !== run.id &&
      c.method === 'pl' &&
      c.parentRunId === run.parentRunId &&
      c.config.model.inputPromptMode === mode &&
      same(
        { ...c.config.model, inputPromptMode: mode },
        { ...run.config.model, inputPromptMode: mode },
      ) &&
      same(c.config.training, run.config.training) &&
      same(c.config.corruption, run.config.corruption),
  );
}

const runtime = startApiRuntime({ home: opts.home, transport: 'cli', startQueue: false });
try {
  const plRuns = (await callApi(runtime, 'runs.list', { experimentId: opts.experiment })).filter(
    (r) => r.method === 'pl' && r.status === 'done' && r.selection !== 'not-selected',
  );
  if (plRuns.length === 0) throw new Error(`experiment ${opts.experiment} has no finished PL run`);
  const everything = await callApi(runtime, 'runs.list', {});
  const pairs: { run: RunRecord; twin: RunRecord }[] = [];
  for (const run of plRuns) {
    const twin =
      twinOf(run, everything) ??
      (await callApi(runtime, 'runs.create', {
        datasetId: run.datasetId,
        training: run.config.training,
        model: { ...run.config.model, inputPromptMode: other(run.config.model.inputPromptMode) },
        corruption: run.config.corruption,
        // What the comparison reads: its own case, situation-specific (the experiment's PL runs
        // have nothing else to pair with; concat needs the twin's whole family).
        evaluation: { cases: [run.case], promptings: ['situation'] },
        backboneRunId: run.parentRunId!,
        checkpoint: run.config.checkpoint,
      }));
    pairs.push({ run, twin });
  }
  const finished = await watchRuns(
    runtime,
    pairs.map((p) => p.twin.id),
  );
  const failed = finished.filter((r) => r.status !== 'done');
  if (failed.length > 0)
    throw new Error(
      `twin runs did not finish: ${failed.map((r) => `${r.id} ${r.status}`).join(', ')}`,
    );

  const details = new Map<number, RunDetail>();
  for (const id of pairs.flatMap((p) => [p.run.id, p.twin.id]))
    details.set(id, await callApi(runtime, 'runs.get', { id }));
  const accuracy = (run: RunRecord, evalCase: Case) => {
    const e = details
      .get(run.id)!
      .evaluations.find(
        (x) =>
          x.case === evalCase &&
          x.prompting === 'situation' &&
          x.split === 'test' &&
          !x.adHoc &&
          x.missingRate === run.missingRate,
      );
    if (!e) throw new Error(`run ${run.id} has no test evaluation on ${evalCase}`);
    return e.accuracy;
  };
  const byMode = (p: { run: RunRecord; twin: RunRecord }, mode: InputPromptMode) =>
    p.run.config.model.inputPromptMode === mode ? p.run : p.twin;

  const lines = [
    `# Readonly vs deep input prompts (experiment ${opts.experiment}, ${opts.home})`,
    '',
    'Test accuracy, situation-specific prompting, each PL run and its twin on the same backbone',
    '(mean ± std over seeds; Δ = readonly − deep, paired over seeds, 95 % CI, paired t-test p).',
    '',
    '| trained case | evaluated on | readonly | deep | Δ | 95 % CI | p | n |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const fmt = (xs: number[]) => {
    const { mean, std } = meanStd(xs);
    return `${mean.toFixed(3)} ± ${std.toFixed(3)}`;
  };
  const row = (label: string, evalLabel: string, ro: number[], deep: number[]) => {
    const d = pairedDifference(ro, deep);
    const ci = d.ciLow === null ? '–' : `[${d.ciLow.toFixed(3)}, ${d.ciHigh!.toFixed(3)}]`;
    lines.push(
      `| ${label} | ${evalLabel} | ${fmt(ro)} | ${fmt(deep)} | ${d.mean >= 0 ? '+' : ''}${d.mean.toFixed(3)} | ${ci} | ${d.pT === null ? '–' : d.pT.toFixed(3)} | ${d.n} |`,
    );
  };
  const cases = [...new Set(pairs.map((p) => p.run.case))];
  const matched = { ro: [] as number[], deep: [] as number[] };
  // Each PL run is evaluated situation-specifically on its own case: that is what pairs.
  for (const c of cases) {
    const ofCase = pairs.filter((p) => p.run.case === c).sort((a, b) => a.run.seed - b.run.seed);
    const ro = ofCase.map((p) => accuracy(byMode(p, 'readonly'), c));
    const deep = ofCase.map((p) => accuracy(byMode(p, 'deep'), c));
    row(c, c, ro, deep);
    matched.ro.push(...ro);
    matched.deep.push(...deep);
  }
  row('all cases', 'its own case', matched.ro, matched.deep);

  const cost = (mode: InputPromptMode) => {
    const eff = pairs.map((p) => details.get(byMode(p, mode).id)!.efficiency!);
    return {
      seconds: meanStd(eff.map((e) => e.secondsPerEpoch)).mean,
      rss: meanStd(eff.map((e) => e.peakRssBytes)).mean / 2 ** 30,
      tensors: meanStd(eff.map((e) => e.peakTensorBytes)).mean / 2 ** 30,
    };
  };
  const ro = cost('readonly');
  const deep = cost('deep');
  lines.push(
    '',
    '| input prompts | s / epoch | peak tensors | peak RSS |',
    '|---|---|---|---|',
    `| readonly | ${ro.seconds.toFixed(1)} | ${ro.tensors.toFixed(2)} GiB | ${ro.rss.toFixed(2)} GiB |`,
    `| deep | ${deep.seconds.toFixed(1)} | ${deep.tensors.toFixed(2)} GiB | ${deep.rss.toFixed(2)} GiB |`,
    '',
    `Runs: ${pairs.map((p) => `${byMode(p, 'readonly').id}/${byMode(p, 'deep').id}`).join(', ')} (readonly/deep).`,
  );
  const report = `${lines.join('\n')}\n`;
  process.stdout.write(report);
  if (opts.out) writeFileSync(opts.out, report);
} finally {
  await runtime.close();
}
