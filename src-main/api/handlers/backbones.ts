import { importBackbone, listBackbones } from '../../data/backbone-library';
import { invalid } from '../../errors';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';

export function backboneHandlers(
  ctx: AppContext,
): HandlerGroup<'backbones.list' | 'backbones.import'> {
  return {
    'backbones.list': () => listBackbones(ctx.layout),
    'backbones.import': ({ path, ...opts }) => {
      try {
        return importBackbone(ctx.layout, path, opts);
      } catch (e) {
        // The file is the user's: what is wrong with it is theirs to fix, not an internal error.
        throw invalid('path', (e as Error).message);
      }
    },
  };
}
