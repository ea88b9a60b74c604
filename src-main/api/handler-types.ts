import type { ApiMethod, ApiParsedParams, ApiResult } from '@shared/api/contract';

// Apart from handlers.ts, which imports every group: a group importing its own type from there
// would close an import cycle.

export type Handler<M extends ApiMethod> = (
  params: ApiParsedParams<M>,
) => ApiResult<M> | Promise<ApiResult<M>>;
export type HandlerGroup<K extends ApiMethod> = { [M in K]: Handler<M> };
export type ApiHandlers = HandlerGroup<ApiMethod>;
