import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { tempHome } from '../helpers/temp-home';

it('`avlab serve --port 0` prints the URL line once it listens, and that URL answers', async () => {
  const home = tempHome();
  const child = spawn(
    process.execPath,
    ['bin/avlab.js', '--home', home.dir, 'serve', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const match = /^AV Prompt Lab: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))$/.exec(line);
    expect(match, line).not.toBeNull();
    const [, , port, token] = match!;
    expect(Number(port)).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${port}/api/health?token=${token}`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(401);
  } finally {
    child.kill('SIGTERM');
    home.remove();
  }
});

it('with --json, a usage error is still one JSON document on stdout', () => {
  const result = spawnSync(
    process.execPath,
    ['bin/avlab.js', '--json', 'train', '--dataset', 'x'],
    { encoding: 'utf8' },
  );
  expect(result.status).not.toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({
    ok: false,
    error: { kind: 'invalid_request', message: expect.stringMatching(/--method/) },
  });
});
