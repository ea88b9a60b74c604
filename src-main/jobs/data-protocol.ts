import type { Case } from '@shared/domain/cases';
import type { AudioNoise, VisualNoise } from '@shared/domain/corruption';
import type { FeatureSettings, ImporterKind } from '@shared/domain/dataset';
import type { DataErrorData } from '../data/data-errors';
import type { VideoToolPaths } from '../data/video/video-tools';
import type { CavMaeOptions } from '../engine/model/cav-mae/load';

interface RequestBase {
  requestId: number;
  dataDir: string;
}

export type DataRequest =
  | (RequestBase & {
      op: 'import';
      kind: ImporterKind;
      options: unknown;
      /** false: store the settings, build the cache on first use. */
      computeFeatures: boolean;
      /** ffmpeg/ffprobe paths set in Settings (video imports; null: PATH, then the packages). */
      videoTools?: VideoToolPaths;
    })
  | (RequestBase & {
      /** Converts and stores a CAV-MAE checkpoint (hundreds of MB for ViT-B). */
      op: 'backbone-import';
      path: string;
      options: CavMaeOptions & { name?: string };
    })
  | (RequestBase & {
      op: 'preview';
      id: string;
      index: number;
      case: Case;
      corruption?: { audioNoises: AudioNoise[]; visualNoises: VisualNoise[]; severity: number };
      seed: number;
      /** Undefined: the dataset's own settings. */
      settings?: FeatureSettings;
      renderSpectrogram: boolean;
    })
  /** The whole clip's log-mel for the sample view (datasets.clip). */
  | (RequestBase & { op: 'clip'; id: string; index: number });

/** Distributes Omit over the union, so each request keeps its own fields. */
export type DataRequestBody = DataRequest extends infer R
  ? R extends DataRequest
    ? Omit<R, 'requestId' | 'dataDir'>
    : never
  : never;

export type DataWorkerMessage =
  | { type: 'progress'; requestId: number; stage: string; done: number; total: number }
  | { type: 'result'; requestId: number; result: unknown }
  /** The error's kind and field cross the thread, so a user's mistake is not reported as internal. */
  | { type: 'error'; requestId: number; error: DataErrorData };
