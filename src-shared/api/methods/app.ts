import { z } from 'zod';
import { BackendNameSchema, BackendReportSchema } from '../../domain/backend';

export const ThemeSchema = z.enum(['light', 'dark', 'auto']);

export const SettingsSchema = z.object({
  theme: ThemeSchema,
  /** Force a TensorFlow.js backend instead of the best one that loads. */
  backendOverride: BackendNameSchema.nullable(),
  /** Runs trained at once by the job queue. */
  concurrency: z.number().int().min(1).max(8),
  /**
   * Cores training may use, split evenly among the runs trained at once (each run trains
   * data-parallel over its share); null: AVLAB_CORES, else every core.
   */
  cores: z.number().int().min(1).max(1024).nullable(),
  /** The video importer's ffmpeg and ffprobe; null: found on PATH, else the optional packages. */
  ffmpegPath: z.string().min(1).nullable(),
  ffprobePath: z.string().min(1).nullable(),
  /**
   * The Redis/Valkey URL experiments dispatch their runs to (src-main/distributed); null or
   * absent: runs train on this machine. Read back with its password as ***; kept apart from the
   * other settings, in a file only its owner can read. Used from the next start of the app.
   */
  queueUrl: z.string().max(2048).nullable().optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['ipc', 'http', 'cli']),
  dataDir: z.string(),
  node: z.string(),
  electron: z.string().nullable(),
  platform: z.string(),
  /** The backend the training worker loaded, once it has started; null before. */
  backend: BackendReportSchema.nullable(),
  /** Backend packages that resolve on this machine, best first (loaded or not). */
  backendsInstalled: z.array(BackendNameSchema),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const appMethods = {
  'app.info': { params: z.object({}).strict(), result: AppInfoSchema },
  'settings.get': { params: z.object({}).strict(), result: SettingsSchema },
  'settings.update': { params: SettingsSchema.partial().strict(), result: SettingsSchema },
};
