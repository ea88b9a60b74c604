import type { z } from 'zod';
import type { ApiEvent } from './events';
import { appMethods } from './methods/app';
import { attentionMethods } from './methods/attention';
import { backboneMethods } from './methods/backbones';
import { datasetMethods } from './methods/datasets';
import { distributedMethods } from './methods/distributed';
import { experimentMethods } from './methods/experiments';
import { runMethods } from './methods/runs';
import { stepMethods } from './methods/steps';

/**
 * The whole API: method name → params schema → result schema. Both transports (IPC, HTTP)
 * validate params against it at the boundary; one implementation in src-main/api serves both.
 */
export const apiContract = {
  ...appMethods,
  ...datasetMethods,
  ...runMethods,
  ...stepMethods,
  ...experimentMethods,
  ...backboneMethods,
  ...attentionMethods,
  ...distributedMethods,
} as const;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export type ApiParams<M extends ApiMethod> = z.input<ApiContract[M]['params']>;
export type ApiParsedParams<M extends ApiMethod> = z.output<ApiContract[M]['params']>;
export type ApiResult<M extends ApiMethod> = z.output<ApiContract[M]['result']>;

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(apiContract, name);
}

/** What the renderer (and any other client) sees, whichever transport carries it. */
export interface AvlabApi {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
  readonly transport: 'ipc' | 'http';
}
