import { notFound } from '../../errors';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';

export function stepHandlers(ctx: AppContext): HandlerGroup<'runs.steps'> {
  return {
    'runs.steps': ({ id }) => {
      if (!ctx.store.runs.get(id)) throw notFound(`Run ${id}`);
      return ctx.store.steps.list(id);
    },
  };
}
