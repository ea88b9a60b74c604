import type { AppInfo, Settings } from '@shared/api/methods/app';
import {
  readDistributedSettings,
  writeDistributedSettings,
} from '../../distributed/distributed-settings';
import { RedisUrlError, redactRedisUrl } from '../../distributed/redis-url';
import { installedBackends } from '../../engine/backend-packages';
import { invalid } from '../../errors';
import { APP_VERSION } from '../../version';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';

export function appHandlers(
  ctx: AppContext,
): HandlerGroup<'app.info' | 'settings.get' | 'settings.update'> {
  return {
    'app.info': (): AppInfo => ({
      name: 'AV Prompt Lab',
      version: APP_VERSION,
      transport: ctx.transport,
      dataDir: ctx.layout.root,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      platform: `${process.platform}-${process.arch}`,
      backend: ctx.backend,
      backendsInstalled: installedBackends(),
    }),
    'settings.get': () => withQueueUrl(ctx, ctx.store.settings.get()),
    'settings.update': ({ queueUrl, ...patch }) => {
      if (queueUrl !== undefined) storeQueueUrl(ctx, queueUrl);
      const settings = withQueueUrl(ctx, ctx.store.settings.update(patch));
      ctx.events.emit({ type: 'settings.changed', settings });
      return settings;
    },
  };
}

/** The queue URL as it may be shown: with its password as ***. */
function withQueueUrl(ctx: AppContext, settings: Settings): Settings {
  const { queueUrl } = readDistributedSettings(ctx.layout.root);
  return { ...settings, queueUrl: queueUrl ? redactRedisUrl(queueUrl) : null };
}

/**
 * A form saved unchanged sends the shown (redacted) URL back: that keeps the stored one, password
 * and all. A URL that is not a Redis URL is refused naming the field, and nothing is stored.
 */
function storeQueueUrl(ctx: AppContext, queueUrl: string | null): void {
  const stored = readDistributedSettings(ctx.layout.root).queueUrl;
  if (queueUrl && stored && queueUrl === redactRedisUrl(stored)) return;
  try {
    writeDistributedSettings(ctx.layout.root, { queueUrl: queueUrl?.trim() || null });
  } catch (error) {
    if (error instanceof RedisUrlError) throw invalid('queueUrl', error.message);
    throw error;
  }
}
