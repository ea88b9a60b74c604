import type { ApiEnvelope } from '@shared/api/envelope';
import { type ApiEvent, ApiEventSchema } from '@shared/api/events';

const TOKEN_KEY = 'avlab.token';

/** The web-mode token: from `?token=` on first load, then kept for reloads of this tab. */
export function webToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export async function httpCall(
  token: string,
  method: string,
  params: unknown,
): Promise<ApiEnvelope<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/call/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(params ?? {}),
    });
  } catch (error) {
    return {
      ok: false,
      error: {
        kind: 'unavailable',
        message: `The AV Prompt Lab server is not reachable (${String(error)}).`,
      },
    };
  }
  try {
    return (await response.json()) as ApiEnvelope<unknown>;
  } catch {
    return {
      ok: false,
      error: { kind: 'internal', message: `Server answered ${response.status} without JSON.` },
    };
  }
}

/** Keeps one WebSocket open to the event stream, reconnecting with back-off when it drops. */
export function subscribeHttpEvents(
  token: string,
  listener: (event: ApiEvent) => void,
): () => void {
  let socket: WebSocket | null = null;
  let closed = false;
  let delay = 500;
  const connect = () => {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(
      `${scheme}://${window.location.host}/api/events?token=${encodeURIComponent(token)}`,
    );
    socket.onopen = () => {
      delay = 500;
    };
    socket.onmessage = (message) => {
      const parsed = ApiEventSchema.safeParse(JSON.parse(String(message.data)));
      if (parsed.success) listener(parsed.data);
    };
    socket.onclose = () => {
      if (closed) return;
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10_000);
    };
  };
  connect();
  return () => {
    closed = true;
    socket?.close();
  };
}
