import { z } from 'zod';
import { BackendNameSchema, BackendReportSchema } from './backend';
import { EvaluationSplitSchema, RunConfigSchema } from './records';
import { EfficiencySchema, EpochMetricsSchema, EvaluationSchema } from './training';

// What travels between the coordinator (the workbench that owns the SQLite store) and the
// remote workers of a distributed sweep (src-main/distributed): BullMQ job data through Redis,
// the rest over the coordinator's HTTP API. Every message is checked on arrival.

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in lower-case hex');

/** A file known by its content: what a worker fetches, verifies and caches. */
export const ArtifactRefSchema = z.object({
  sha256: Sha256Schema,
  bytes: z.number().int().nonnegative(),
});
export type ArtifactRef = z.infer<typeof ArtifactRefSchema>;

/** One file of a dataset bundle, at its path relative to a data directory. */
export const BundleFileSchema = ArtifactRefSchema.extend({
  path: z
    .string()
    .regex(/^(datasets|features)\/[\w.-]+(\/[\w.-]+)*$/, 'a path under datasets/ or features/')
    .refine((p) => !p.split('/').includes('..'), 'no ..'),
});
export type BundleFile = z.infer<typeof BundleFileSchema>;

/** The BullMQ job of one run: which run, and where its coordinator was when it queued it. */
export const RemoteRunJobSchema = z.object({
  runId: z.number().int().positive(),
  coordinator: z.string().url(),
});
export type RemoteRunJob = z.infer<typeof RemoteRunJobSchema>;

/**
 * What a worker gets when it starts a run: the run's config, the dataset (its record and the
 * feature cache the run reads) and checkpoints as artifacts, and a lease: reports carrying an
 * older lease (a worker that was given up on) are refused.
 */
export const RemoteTrainJobSchema = z.object({
  lease: z.string().min(8),
  runId: z.number().int().positive(),
  datasetId: z.string(),
  config: RunConfigSchema,
  dataset: z.array(BundleFileSchema).min(1),
  parentCheckpoint: ArtifactRefSchema.nullable(),
  resumeCheckpoint: ArtifactRefSchema.extend({ epoch: z.number().int().min(1) }).nullable(),
  /** An imported backbone the run starts from (config.pretrained), as a file. */
  pretrained: ArtifactRefSchema.nullable(),
});
export type RemoteTrainJob = z.infer<typeof RemoteTrainJobSchema>;

export const StepProgressSchema = z.object({
  epoch: z.number().int(),
  step: z.number().int(),
  stepsPerEpoch: z.number().int(),
  loss: z.number(),
  accuracy: z.number(),
  samplesPerSec: z.number(),
  etaSeconds: z.number(),
});

/** A worker's report of one run, in the order it happened; checkpoints were uploaded first. */
export const RemoteReportSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('backend'), report: BackendReportSchema }),
  z.object({ type: z.literal('progress'), progress: StepProgressSchema }),
  z.object({
    type: z.literal('epoch'),
    metrics: EpochMetricsSchema,
    checkpoint: ArtifactRefSchema.extend({ epoch: z.number().int().min(1) }),
  }),
  z.object({
    type: z.literal('evaluation'),
    missingRate: z.number(),
    split: EvaluationSplitSchema,
    adHoc: z.boolean(),
    evaluation: EvaluationSchema,
    mistakes: z.array(z.tuple([z.number(), z.number(), z.number()])),
  }),
  z.object({ type: z.literal('efficiency'), efficiency: EfficiencySchema }),
  z.object({
    type: z.literal('finished'),
    outcome: z.enum(['done', 'paused', 'cancelled']),
  }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
export type RemoteReport = z.infer<typeof RemoteReportSchema>;

export const RemoteReportBatchSchema = z.object({
  lease: z.string(),
  reports: z.array(RemoteReportSchema).max(10_000),
});

/** A worker as it announces itself (heartbeat in Redis with a time to live). */
export const RemoteWorkerSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  /** The backend it trains with (the best that loads there, or the one forced). */
  backend: BackendNameSchema.nullable(),
  cores: z.number().int().positive(),
  memoryBytes: z.number().nonnegative(),
  concurrency: z.number().int().positive(),
  /** Run ids it trains right now. */
  running: z.array(z.number().int()),
  startedAt: z.string(),
  seenAt: z.string(),
});
export type RemoteWorker = z.infer<typeof RemoteWorkerSchema>;
