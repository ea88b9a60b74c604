import { readFileSync } from 'node:fs';
import type { AppInfo } from '@shared/api/methods/app';
import { installedBackends } from '../../engine/backend-packages';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handlers';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export function appHandlers(
  ctx: AppContext,
): HandlerGroup<'app.info' | 'settings.get' | 'settings.update'> {
  return {
    'app.info': (): AppInfo => ({
      name: 'AV Prompt Lab',
      version: pkg.version,
      transport: ctx.transport,
      dataDir: ctx.layout.root,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      platform: `${process.platform}-${process.arch}`,
      backend: ctx.backend,
      backendsInstalled: installedBackends(),
    }),
    'settings.get': () => ctx.settings.get(),
    'settings.update': (patch) => {
      const settings = ctx.settings.update(patch);
      ctx.events.emit({ type: 'settings.changed', settings });
      return settings;
    },
  };
}
