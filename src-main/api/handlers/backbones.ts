import type { BackboneSummary } from '@shared/domain/backbone';
import { listBackbones } from '../../data/backbone-library';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';

export function backboneHandlers(
  ctx: AppContext,
): HandlerGroup<'backbones.list' | 'backbones.import'> {
  return {
    'backbones.list': () => listBackbones(ctx.layout),
    // Reading and converting a ViT-B checkpoint takes seconds and ~1 GB: off the event loop.
    'backbones.import': ({ path, ...options }) =>
      ctx.data.request<BackboneSummary>({ op: 'backbone-import', path, options }),
  };
}
