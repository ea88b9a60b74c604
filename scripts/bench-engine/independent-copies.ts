import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Method } from '../../src-shared/domain/methods';

const run = promisify(execFile);

/**
 * The machine's own scaling ceiling: `copies` one-worker benchmarks started at once as separate
 * processes that share nothing but the hardware (cores, caches, memory bandwidth). Their summed
 * train samples/s per method is what that many cores give independent work here, the bound a
 * data-parallel run over as many workers can approach. The copies meet at a barrier before each
 * method's timed steps, so every copy times its steps while the others run theirs, never while
 * another is still starting up or already done.
 */
export async function independentCopies(
  copies: number,
  benchArgs: string[],
): Promise<Map<Method, number>> {
  const script = new URL('../bench-engine.ts', import.meta.url).pathname;
  const barrier = mkdtempSync(join(tmpdir(), 'avlab-bench-barrier-'));
  const args = ['--import', 'tsx', script, '--json', '--workers', '1', '--cores', '1'];
  args.push('--barrier', barrier, '--copies', String(copies), ...benchArgs);
  const outputs = await Promise.all(
    Array.from({ length: copies }, () => run(process.execPath, args, { maxBuffer: 1 << 20 })),
  ).finally(() => rmSync(barrier, { recursive: true, force: true }));
  const sums = new Map<Method, number>();
  for (const { stdout } of outputs)
    for (const line of stdout.split('\n').filter((l) => l.startsWith('{'))) {
      const row = JSON.parse(line) as { method: Method; trainSamplesPerSec: number };
      sums.set(row.method, (sums.get(row.method) ?? 0) + row.trainSamplesPerSec);
    }
  return sums;
}

/**
 * A copy's side of the barrier: marks itself arrived at `tag` in the folder `dir`, then waits
 * until all `copies` have (polling: the copies are separate processes that share only the folder).
 * Gives up after `timeoutMs`, so a copy that crashed before arriving does not hang the others.
 */
export async function meetAtBarrier(
  dir: string,
  copies: number,
  tag: string,
  timeoutMs = 600_000,
): Promise<void> {
  writeFileSync(join(dir, `${tag}.${process.pid}`), '');
  const deadline = Date.now() + timeoutMs;
  while (readdirSync(dir).filter((f) => f.startsWith(`${tag}.`)).length < copies) {
    if (Date.now() > deadline)
      throw new Error(`bench barrier ${tag}: not all ${copies} copies arrived`);
    await sleep(2);
  }
}
