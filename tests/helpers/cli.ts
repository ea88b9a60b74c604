import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const AVLAB = join(import.meta.dirname, '..', '..', 'bin', 'avlab.js');

/** Runs `avlab --home HOME --json …` and parses its one JSON document. */
export function avlabJson<T = unknown>(home: string, args: string[], timeoutMs = 300_000): T {
  const result = spawnSync(process.execPath, [AVLAB, '--home', home, '--json', ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (result.status !== 0) {
    throw new Error(
      `avlab ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return JSON.parse(result.stdout) as T;
}

/** Runs `avlab --home HOME …` and returns its stdout as text. */
export function avlabText(home: string, args: string[], timeoutMs = 300_000): string {
  const result = spawnSync(process.execPath, [AVLAB, '--home', home, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (result.status !== 0)
    throw new Error(`avlab ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** Starts `avlab --home HOME …` in the background. */
export function avlabSpawn(home: string, args: string[]) {
  return spawn(process.execPath, [AVLAB, '--home', home, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
