import type { ApiMethod, ApiParsedParams, ApiResult } from '@shared/api/contract';
import type { AppContext } from './context';
import { appHandlers } from './handlers/app';
import { datasetHandlers } from './handlers/datasets';
import { experimentHandlers } from './handlers/experiments';
import { runHandlers } from './handlers/runs';
import { stepHandlers } from './handlers/steps';

export type Handler<M extends ApiMethod> = (
  params: ApiParsedParams<M>,
) => ApiResult<M> | Promise<ApiResult<M>>;
export type HandlerGroup<K extends ApiMethod> = { [M in K]: Handler<M> };
export type ApiHandlers = HandlerGroup<ApiMethod>;

/** The one implementation of the API contract, shared by IPC, HTTP and the CLI. */
export function createHandlers(ctx: AppContext): ApiHandlers {
  return {
    ...appHandlers(ctx),
    ...datasetHandlers(ctx),
    ...runHandlers(ctx),
    ...stepHandlers(ctx),
    ...experimentHandlers(ctx),
  };
}
