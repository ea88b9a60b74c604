import type { ApiEnvelope } from '../../src-shared/api/envelope';
import type { ApiEvent } from '../../src-shared/api/events';
import type { SaveFileRequest, SaveFileResult } from '../../src-shared/app/save-file';

/** What the preload exposes as `window.avlab`; the renderer wraps it into the typed API client. */
export interface PreloadBridge {
  call(method: string, params: unknown): Promise<ApiEnvelope<unknown>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** Saves an export where the user picks in the system's save dialog. */
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
}

declare global {
  interface Window {
    avlab?: PreloadBridge;
  }
}
