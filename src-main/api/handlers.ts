import type { AppContext } from './context';
import type { ApiHandlers } from './handler-types';
import { appHandlers } from './handlers/app';
import { attentionAverageHandlers } from './handlers/attention-average';
import { backboneHandlers } from './handlers/backbones';
import { datasetMediaHandlers } from './handlers/dataset-media';
import { datasetHandlers } from './handlers/datasets';
import { distributedHandlers } from './handlers/distributed';
import { experimentHandlers } from './handlers/experiments';
import { runHandlers } from './handlers/runs';
import { stepHandlers } from './handlers/steps';

/** The one implementation of the API contract, shared by IPC, HTTP and the CLI. */
export function createHandlers(ctx: AppContext): ApiHandlers {
  return {
    ...appHandlers(ctx),
    ...datasetHandlers(ctx),
    ...datasetMediaHandlers(ctx),
    ...runHandlers(ctx),
    ...stepHandlers(ctx),
    ...experimentHandlers(ctx),
    ...backboneHandlers(ctx),
    ...attentionAverageHandlers(ctx),
    ...distributedHandlers(ctx),
  };
}
