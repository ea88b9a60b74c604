import type { DistributedStatus } from '@shared/api/methods/distributed';
import { readDistributedSettings } from '../../distributed/distributed-settings';
import { redactRedisUrl } from '../../distributed/redis-url';
import { listWorkersAt } from '../../distributed/worker-registry';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';

export function distributedHandlers(ctx: AppContext): HandlerGroup<'distributed.workers'> {
  return {
    'distributed.workers': async (): Promise<DistributedStatus> => {
      const { queueUrl } = readDistributedSettings(ctx.layout.root);
      if (!queueUrl) return { queue: null, workers: [], error: null };
      const queue = redactRedisUrl(queueUrl);
      try {
        return { queue, workers: await listWorkersAt(queueUrl), error: null };
      } catch (error) {
        return { queue, workers: [], error: (error as Error).message };
      }
    },
  };
}
