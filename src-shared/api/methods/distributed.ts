import { z } from 'zod';
import { RemoteWorkerSchema } from '../../domain/distributed';

export const DistributedStatusSchema = z.object({
  /** The Settings queue URL, its password shown as ***; null: runs train on this machine. */
  queue: z.string().nullable(),
  /** Workers heard of in the last 15 s. */
  workers: z.array(RemoteWorkerSchema),
  /** Why the list is empty when the queue could not be read (Redis unavailable). */
  error: z.string().nullable(),
});
export type DistributedStatus = z.infer<typeof DistributedStatusSchema>;

export const distributedMethods = {
  'distributed.workers': { params: z.object({}).strict(), result: DistributedStatusSchema },
};
