import { describe, expect, it } from 'vitest';
import { tempHome } from '../../tests/helpers/temp-home';
import { dispatch } from './dispatch';
import { startApiRuntime } from './runtime';

function setup() {
  const home = tempHome();
  const runtime = startApiRuntime({ home: home.dir, transport: 'cli' });
  return {
    ctx: runtime.ctx,
    handlers: runtime.handlers,
    home: { dir: home.dir, remove: () => void runtime.close().then(home.remove) },
  };
}

describe('dispatch', () => {
  it('answers a valid call with its result', async () => {
    const { handlers, home } = setup();
    const envelope = await dispatch(handlers, 'app.info', {});
    expect(envelope).toMatchObject({
      ok: true,
      result: { name: 'AV Prompt Lab', transport: 'cli', dataDir: home.dir },
    });
    home.remove();
  });

  it('names the offending field of an invalid request', async () => {
    const { handlers, home } = setup();
    const envelope = await dispatch(handlers, 'settings.update', { concurrency: 0, theme: 'pink' });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.kind).toBe('invalid_request');
    expect(envelope.error.issues?.map((i) => i.field).sort()).toEqual([
      'params.concurrency',
      'params.theme',
    ]);
    home.remove();
  });

  it('rejects unknown fields rather than ignoring them', async () => {
    const { handlers, home } = setup();
    const envelope = await dispatch(handlers, 'settings.update', { colour: 'red' });
    expect(envelope).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    home.remove();
  });

  it('refuses an unknown method', async () => {
    const { handlers, home } = setup();
    expect(await dispatch(handlers, 'app.format', {})).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });
    expect(await dispatch(handlers, 'toString', {})).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });
    home.remove();
  });

  it('emits an event when settings change', async () => {
    const { ctx, handlers, home } = setup();
    const seen: string[] = [];
    ctx.events.subscribe((event) => seen.push(event.type));
    await dispatch(handlers, 'settings.update', { theme: 'dark' });
    expect(seen).toEqual(['settings.changed']);
    home.remove();
  });
});
