import type { ApiEnvelope } from '../../src-shared/api/envelope';
import type { ApiEvent } from '../../src-shared/api/events';

/** What the preload exposes as `window.avlab`; the renderer wraps it into the typed API client. */
export interface PreloadBridge {
  call(method: string, params: unknown): Promise<ApiEnvelope<unknown>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

declare global {
  interface Window {
    avlab?: PreloadBridge;
  }
}
