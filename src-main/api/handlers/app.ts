import type { AppInfo } from '@shared/api/methods/app';
import { installedBackends } from '../../engine/backend-packages';
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
    'settings.get': () => ctx.store.settings.get(),
    'settings.update': (patch) => {
      const settings = ctx.store.settings.update(patch);
      ctx.events.emit({ type: 'settings.changed', settings });
      return settings;
    },
  };
}
