import { MantineProvider } from '@mantine/core';
import type { ApiMethod, ApiParams, ApiResult, AvlabApi } from '@shared/api/contract';
import { type RenderResult, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { ApiProvider } from '../api/ApiProvider';

type Handlers = {
  [M in ApiMethod]?: (params: ApiParams<M>) => ApiResult<M> | Promise<ApiResult<M>>;
};

/** An API whose answers come from `handlers`; every call is recorded; an unknown method rejects. */
export function fakeApi(
  handlers: Handlers,
): AvlabApi & { calls: { method: ApiMethod; params: unknown }[] } {
  const calls: { method: ApiMethod; params: unknown }[] = [];
  return {
    transport: 'http',
    calls,
    call: async <M extends ApiMethod>(method: M, params: ApiParams<M>) => {
      calls.push({ method, params });
      const handler = handlers[method] as ((p: ApiParams<M>) => ApiResult<M>) | undefined;
      if (!handler) throw new Error(`fake API: ${method} is not answered in this test`);
      return handler(params);
    },
    onEvent: () => () => {},
  };
}

/** jsdom lacks the layout APIs Mantine asks for; these stand-ins answer "nothing matches". */
function polyfillLayout(): void {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  Element.prototype.scrollIntoView ??= () => {};
}

export function renderWithApi(ui: ReactNode, api: AvlabApi, path = '/'): RenderResult {
  polyfillLayout();
  const { hook } = memoryLocation({ path });
  return render(
    <MantineProvider>
      <ApiProvider api={api}>
        <Router hook={hook}>{ui}</Router>
      </ApiProvider>
    </MantineProvider>,
  );
}
