/**
 * Engine benchmark: training and inference samples/s and peak memory per method on the current
 * backend, for a preset at the PERF-NOTES data shape (256×128 filterbank, 3×64×64 image, 10
 * classes; `--preset cav-mae` at CAV-MAE's own 1024×128 and 3×224×224, the grid its position
 * embeddings were trained on). Prints figures; asserts nothing.
 *
 *   node --import tsx scripts/bench-engine.ts [--preset tiny] [--steps 5] [--batch 32] [--json]
 *     [--matmul xnnpack|openblas] [--cores n] [--workers n] [--scaling] [--phases] [--profile]
 *     [--mode readonly --cache] [--gemm]
 *
 * Every row says which matmul path ran (OpenBLAS addon or XNNPACK), with how many threads, and
 * over how many data-parallel workers training ran (inference always runs on one).
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { Command, Option } from 'commander';
import {
  CAV_MAE_INPUT,
  createModel,
  modelConfigForPreset,
  Rng,
  selectBackend,
} from '../src-main/engine/index';
import { peaks, resetPeaks } from '../src-main/engine/memory';
import { DataParallelGroup } from '../src-main/engine/parallel/data-parallel';
import { kernelSplit, profileKernels } from '../src-main/engine/profile';
import { globalNormScale } from '../src-main/engine/train/loss';
import { AdamOptimizer } from '../src-main/engine/train/optimizer';
import { batchTensors, trainStep } from '../src-main/engine/train/step';
import {
  matmulStatus,
  setMatmulPath,
  setMatmulThreads,
} from '../src-main/engine/wasm-kernels/matmul-path';
import type { MatmulPath } from '../src-main/engine/wasm-kernels/native-blas';
import { trainPeerEntry } from '../src-main/jobs/worker-entry';
import type { BackendName } from '../src-shared/domain/backend';
import { METHODS, type Method } from '../src-shared/domain/methods';
import { PRESETS, type Preset } from '../src-shared/domain/model';
import { benchEncoderCache } from './bench-engine/cached-batch';
import { comparePromptModes } from './bench-engine/compare-prompt-modes';
import { gemmPeak } from './bench-engine/gemm-peak';
import { independentCopies, meetAtBarrier } from './bench-engine/independent-copies';
import { phaseLine } from './bench-engine/phases';

const program = new Command('bench-engine')
  .option('--preset <name>', `model preset (${PRESETS.join(', ')})`, 'tiny')
  .option('--steps <n>', 'timed training steps per method (after one warm-up step)', '5')
  .option('--infer-steps <n>', 'timed inference batches per method', '5')
  .option('--batch <n>', 'batch size', '32')
  .option('--methods <list>', 'comma-separated methods', 'ft,pl,lora,adapter')
  .option('--mode <mode>', 'input-prompt mode for PL: deep or readonly', 'deep')
  .option('--backend <name>', 'force a backend (else AVLAB_BACKEND or the best available)')
  .option(
    '--cache',
    'PL also with the frozen-encoder cache (rows cache on/off; needs --mode readonly)',
  )
  .option('--json', 'print one JSON object per method')
  .option('--profile', 'print the slowest kernels of one training step per method')
  .option('--matmul <path>', 'wasm matmuls on xnnpack or openblas (default: openblas when built)')
  .option('--cores <n>', 'threads for the OpenBLAS matmuls (default: AVLAB_CORES, else all)')
  .option('--workers <n>', 'data-parallel training threads (one matmul thread each)', '1')
  .option(
    '--scaling',
    'instead: FT and PL train samples/s over 1..N data-parallel workers, and N independent one-worker copies at once',
  )
  .option('--phases', 'with 2+ workers: where a data-parallel step spends its time')
  .option(
    '--gemm',
    'instead: float32 GFLOP/s of the matmul path on a 2048² product (--cores threads)',
  )
  // Set by --scaling for the independent copies it starts (bench-engine/independent-copies.ts).
  .addOption(new Option('--barrier <dir>').hideHelp())
  .addOption(new Option('--copies <n>').hideHelp())
  .option(
    '--compare-modes',
    'instead: deep vs readonly input prompts, accuracy and speed (synthetic data)',
  )
  .option('--epochs <n>', 'epochs per run for --compare-modes', '6')
  .parse();
const opts = program.opts<{
  preset: Preset;
  steps: string;
  inferSteps: string;
  batch: string;
  methods: string;
  mode: 'deep' | 'readonly';
  backend?: BackendName;
  json?: boolean;
  cache?: boolean;
  profile?: boolean;
  matmul?: MatmulPath;
  cores?: string;
  workers: string;
  scaling?: boolean;
  phases?: boolean;
  barrier?: string;
  copies?: string;
  compareModes?: boolean;
  gemm?: boolean;
  epochs: string;
}>();

if (!PRESETS.includes(opts.preset))
  throw new Error(`--preset: "${opts.preset}" is not one of ${PRESETS.join(', ')}`);
if (opts.mode !== 'deep' && opts.mode !== 'readonly')
  throw new Error(`--mode: "${opts.mode}" is not deep or readonly`);
if (opts.cache && opts.mode !== 'readonly')
  throw new Error('--cache: the encoder cache needs readonly input prompts (--mode readonly)');
for (const name of ['steps', 'inferSteps', 'batch', 'epochs', 'workers'] as const) {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(
      `--${name === 'inferSteps' ? 'infer-steps' : name}: "${opts[name]}" is not a positive integer`,
    );
}
if (opts.matmul && opts.matmul !== 'xnnpack' && opts.matmul !== 'openblas')
  throw new Error(`--matmul: "${opts.matmul}" is not xnnpack or openblas`);
if (opts.cores !== undefined && !(Number.isInteger(Number(opts.cores)) && Number(opts.cores) >= 1))
  throw new Error(`--cores: "${opts.cores}" is not a positive integer`);
const backend = await selectBackend(opts.backend);
if (opts.matmul) setMatmulPath(opts.matmul);
if (opts.cores) setMatmulThreads(Number(opts.cores));
if (opts.gemm) {
  const gflops = await gemmPeak();
  const { matmul, threads } = matmulStatus();
  console.log(
    opts.json
      ? JSON.stringify({ gemmGflops: gflops, backend: backend.name, matmul, threads })
      : `GEMM 2048² float32: ${gflops.toFixed(1)} GFLOP/s (${backend.name}, ${matmul}×${threads})`,
  );
  process.exit(0);
}
if (opts.compareModes) {
  const rows = await comparePromptModes(opts.preset, Number(opts.epochs), (line) => {
    if (!opts.json) console.log(line);
  });
  if (opts.json)
    for (const r of rows)
      console.log(JSON.stringify({ ...r, backend: backend.name, preset: opts.preset }));
  process.exit(0);
}
const steps = Number(opts.steps);
const inferSteps = Number(opts.inferSteps);
const B = Number(opts.batch);
const methods = (opts.scaling ? 'ft,pl' : opts.methods).split(',') as Method[];
for (const m of methods)
  if (!METHODS.includes(m)) throw new Error(`--methods: unknown method "${m}"`);
const shape =
  opts.preset === 'cav-mae'
    ? CAV_MAE_INPUT
    : { audioFrames: 256, melBins: 128, imageSize: 64, imageChannels: 3 };
const config = {
  ...modelConfigForPreset(opts.preset, { numClasses: 10, ...shape }),
  inputPromptMode: opts.mode,
};

const rng = new Rng(1);
const batch = {
  size: B,
  audio: Float32Array.from({ length: B * shape.audioFrames * shape.melBins }, () => rng.normal()),
  visual: Float32Array.from({ length: B * shape.imageSize ** 2 * shape.imageChannels }, () =>
    rng.normal(),
  ),
  labels: Int32Array.from({ length: B }, (_, i) => i % 10),
};

/** CPU seconds (user + system) of this process since `start`. */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

interface Row {
  method: Method;
  backend: BackendName;
  /** What ran the matrix products: the OpenBLAS addon or XNNPACK (always xnnpack off wasm). */
  matmul: string;
  /** Matmul threads per worker (every other kernel runs on one). */
  threads: number | null;
  /** Data-parallel training threads, each with its own wasm instance. */
  workers: number;
  /** Whether training read the frozen encoders' content from the encoder cache (PL only). */
  cache: 'on' | 'off';
  /** With the cache: one-time build cost (encoders over each sample) and stored bytes. */
  cacheBuildSamplesPerSec?: number;
  cacheBytesPerSample?: number;
  preset: Preset;
  promptMode: string;
  batch: number;
  trainSamplesPerSec: number;
  inferSamplesPerSec: number;
  /** Per CPU-second of this process: steadier than wall time on a shared machine. */
  trainSamplesPerCpuSec: number;
  inferSamplesPerCpuSec: number;
  peakTensorBytes: number;
  peakRssBytes: number;
  totalParams: number;
  trainableParams: number;
}
const rows: Row[] = [];
const workerCounts = opts.scaling
  ? Array.from({ length: availableParallelism() }, (_, i) => i + 1)
  : [Number(opts.workers)];
if (opts.profile && workerCounts.some((w) => w > 1))
  throw new Error('--profile measures one thread: use it with --workers 1');
const peerScript = trainPeerEntry();
const variants = methods.flatMap((method): { method: Method; cache: 'on' | 'off' }[] =>
  method === 'pl' && opts.cache
    ? [
        { method, cache: 'off' as const },
        { method, cache: 'on' as const },
      ]
    : [{ method, cache: 'off' as const }],
);
for (const workers of workerCounts)
  for (const { method, cache } of variants) {
    const model = createModel(config, 1);
    model.setMethod(method, 'noisy_audio');
    const encoderCache = cache === 'on' ? benchEncoderCache(model, batch, shape) : null;
    const optimizer = new AdamOptimizer(model.trainableParams(), {
      weightDecay: 0.01,
      decoupled: true,
    });
    const stepOptions = { lr: 1e-4, labelSmoothing: 0.1, clipNorm: 1 };
    const group =
      workers > 1
        ? await DataParallelGroup.start(model, optimizer.params, workers, peerScript)
        : null;
    // Reading the cached rows from disk is part of a cached step, as it is in a run.
    const stepBatch = () => (encoderCache ? { ...batch, encoded: encoderCache.read() } : batch);
    const step = async () => {
      if (group) await group.step(optimizer, stepBatch(), stepOptions);
      else trainStep(model, optimizer, stepBatch(), stepOptions);
    };
    if (!opts.json) console.log(model.paramSummary());
    await step(); // warm-up: kernel set-up, XNNPACK operator caches
    const phasesBefore = group ? structuredClone(group.phases) : null;
    if (opts.profile) {
      const { totals, peakBytes } = await profileKernels(() =>
        trainStep(model, optimizer, stepBatch(), stepOptions),
      );
      const split = kernelSplit(totals);
      const all = Object.values(split).reduce((a, b) => a + b, 0);
      // The optimizer alone (clip + AdamW) on gradients of the right shapes, to split it out of
      // the step's elementwise time.
      const fakeGrads = new Map(optimizer.params.map((p) => [p.name, tf.onesLike(p.variable)]));
      const opt = await profileKernels(() =>
        tf.tidy(() => optimizer.apply(fakeGrads, 1e-9, globalNormScale(fakeGrads, 1))),
      );
      for (const g of fakeGrads.values()) g.dispose();
      const optMs = Object.values(kernelSplit(opt.totals)).reduce((a, b) => a + b, 0);
      console.log(
        `${method}: one step, kernels ${all.toFixed(0)} ms (${matmulStatus().matmul}), profile peak ${(peakBytes / 2 ** 20).toFixed(0)} MiB; split: ${Object.entries(
          split,
        )
          .map(([g, ms]) => `${g} ${ms.toFixed(0)} ms (${((100 * ms) / all).toFixed(0)} %)`)
          .join(
            ', ',
          )}; of which optimizer (clip + AdamW) ${optMs.toFixed(0)} ms (${((100 * optMs) / all).toFixed(0)} %)`,
      );
      for (const t of totals.slice(0, 15))
        console.log(
          `  ${t.kernel.padEnd(22)} ${String(t.calls).padStart(5)} calls ${t.ms.toFixed(1).padStart(9)} ms`,
        );
    }
    if (opts.barrier) await meetAtBarrier(opts.barrier, Number(opts.copies), method);
    resetPeaks();
    let t0 = performance.now();
    let cpu0 = process.cpuUsage();
    for (let i = 0; i < steps; i++) await step();
    const trainSeconds = (performance.now() - t0) / 1000;
    const trainCpu = cpuSeconds(cpu0);
    const mem = peaks();
    if (opts.phases && group && phasesBefore && !opts.json)
      console.log(`${method} ${workers} workers: ${phaseLine(phasesBefore, group.phases)}`);
    const infer = () =>
      tf.tidy(() => {
        const t = batchTensors(model, batch);
        model.forward(t.audio, t.visual).dataSync();
      });
    infer();
    t0 = performance.now();
    cpu0 = process.cpuUsage();
    for (let i = 0; i < inferSteps; i++) infer();
    const inferSeconds = (performance.now() - t0) / 1000;
    const inferCpu = cpuSeconds(cpu0);
    await group?.close();
    const counts = model.paramCounts();
    rows.push({
      method,
      backend: backend.name,
      matmul: backend.name === 'wasm' ? matmulStatus().matmul : 'n/a',
      threads: backend.name === 'wasm' ? matmulStatus().threads : (backend.threads ?? null),
      workers,
      cache,
      ...(encoderCache
        ? {
            cacheBuildSamplesPerSec: B / encoderCache.buildSeconds,
            cacheBytesPerSample: encoderCache.bytesPerSample,
          }
        : {}),
      preset: opts.preset,
      promptMode: opts.mode,
      batch: B,
      trainSamplesPerSec: (steps * B) / trainSeconds,
      inferSamplesPerSec: (inferSteps * B) / inferSeconds,
      trainSamplesPerCpuSec: (steps * B) / trainCpu,
      inferSamplesPerCpuSec: (inferSteps * B) / inferCpu,
      peakTensorBytes: mem.peakTensorBytes,
      peakRssBytes: mem.peakRssBytes,
      totalParams: counts.total,
      trainableParams: counts.trainable,
    });
    encoderCache?.close();
    optimizer.dispose();
    model.dispose();
    if (!opts.json) {
      const r = rows[rows.length - 1]!;
      console.log(
        `${method.padEnd(8)} cache ${r.cache.padEnd(3)} ${r.workers} worker(s), ${r.matmul}×${r.threads} train ${r.trainSamplesPerSec.toFixed(2).padStart(7)} samples/s (${r.trainSamplesPerCpuSec.toFixed(2)}/cpu-s)  infer ${r.inferSamplesPerSec
          .toFixed(2)
          .padStart(
            7,
          )} samples/s  peak tensors ${(r.peakTensorBytes / 2 ** 20).toFixed(0)} MiB  peak RSS ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB  params ${r.totalParams} / trainable ${r.trainableParams}`,
      );
    }
  }
// --scaling: after the in-process rows, so the copies never share the machine with them.
const ceilings = new Map<number, Map<Method, number>>();
if (opts.scaling) {
  const copyArgs = ['--methods', 'ft,pl', '--steps', opts.steps, '--infer-steps', '1'];
  copyArgs.push('--preset', opts.preset, '--batch', opts.batch, '--mode', opts.mode);
  for (const w of workerCounts.filter((n) => n > 1))
    ceilings.set(w, await independentCopies(w, copyArgs));
}
if (opts.json) {
  for (const r of rows) console.log(JSON.stringify(r));
  for (const [copies, sums] of ceilings)
    for (const [method, samplesPerSec] of sums)
      console.log(
        JSON.stringify({ method, independentCopies: copies, trainSamplesPerSec: samplesPerSec }),
      );
} else if (opts.scaling) {
  console.log(
    `matmul ${matmulStatus().matmul} (${matmulStatus().config ?? 'XNNPACK'}), one thread per worker`,
  );
  console.log(
    'workers  FT train (per cpu-s)   PL train (per cpu-s)   FT ×1 worker  PL ×1 worker   N independent copies: FT, PL (×1 worker)',
  );
  const first = (m: Method) => rows.find((r) => r.method === m)!;
  for (const w of workerCounts) {
    const at = (m: Method) => rows.find((r) => r.workers === w && r.method === m)!;
    const f = (r: Row) =>
      `${r.trainSamplesPerSec.toFixed(1).padStart(6)} (${r.trainSamplesPerCpuSec.toFixed(1)})`;
    const ratio = (m: Method, samplesPerSec = at(m).trainSamplesPerSec) =>
      `×${(samplesPerSec / first(m).trainSamplesPerSec).toFixed(2)}`;
    const copies = ceilings.get(w);
    const ceiling = copies
      ? (['ft', 'pl'] as const)
          .map((m) => `${copies.get(m)!.toFixed(1)} (${ratio(m, copies.get(m)!)})`)
          .join(', ')
      : '';
    console.log(
      `${String(w).padStart(7)}  ${f(at('ft')).padEnd(21)} ${f(at('pl')).padEnd(22)} ${ratio('ft').padEnd(13)} ${ratio('pl').padEnd(14)} ${ceiling}`,
    );
  }
} else {
  console.log(
    `backend ${backend.name} (threads ${backend.threads ?? '?'}), preset ${opts.preset}, batch ${B}, ${steps} steps, PL mode ${opts.mode}`,
  );
  const ft = rows.find((r) => r.method === 'ft');
  if (ft)
    for (const r of rows.filter((x) => x.method !== 'ft'))
      console.log(
        `${r.method}/ft: train ×${(r.trainSamplesPerSec / ft.trainSamplesPerSec).toFixed(2)} (cpu-time ×${(r.trainSamplesPerCpuSec / ft.trainSamplesPerCpuSec).toFixed(2)}), peak tensors ×${(r.peakTensorBytes / ft.peakTensorBytes).toFixed(2)}`,
      );
}
