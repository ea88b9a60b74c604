import { z } from 'zod';
import { SettingsSchema } from './methods/app';

/**
 * Everything the main side pushes to subscribers (IPC or WebSocket). One discriminated union,
 * extended as features land; a client ignores types it does not know.
 */
export const ApiEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('settings.changed'), settings: SettingsSchema }),
  z.object({
    type: z.literal('log'),
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
    at: z.string(),
  }),
]);
export type ApiEvent = z.infer<typeof ApiEventSchema>;
export type ApiEventType = ApiEvent['type'];
