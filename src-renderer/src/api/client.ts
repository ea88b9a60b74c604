import type { ApiMethod, ApiParams, ApiResult, AvlabApi } from '@shared/api/contract';
import { ApiError, unwrapEnvelope } from '@shared/api/envelope';
import type { ApiEvent } from '@shared/api/events';
import { httpCall, subscribeHttpEvents, webToken } from './http-transport';

/**
 * The typed API, whichever transport carries it: the preload bridge in Electron, HTTP +
 * WebSocket in web mode. Pages never know which.
 */
export function createApiClient(): AvlabApi {
  const bridge = window.avlab;
  if (bridge) {
    return {
      transport: 'ipc',
      call: async <M extends ApiMethod>(method: M, params: ApiParams<M>) =>
        unwrapEnvelope(await bridge.call(method, params)) as ApiResult<M>,
      onEvent: (listener: (event: ApiEvent) => void) => bridge.onEvent(listener),
    };
  }
  const token = webToken();
  return {
    transport: 'http',
    call: async <M extends ApiMethod>(method: M, params: ApiParams<M>) => {
      if (!token) {
        throw new ApiError({
          kind: 'unauthorized',
          message:
            'No access token: open the URL that `avlab serve` printed (it ends in ?token=…).',
        });
      }
      return unwrapEnvelope(await httpCall(token, method, params)) as ApiResult<M>;
    },
    onEvent: (listener) => (token ? subscribeHttpEvents(token, listener) : () => {}),
  };
}
