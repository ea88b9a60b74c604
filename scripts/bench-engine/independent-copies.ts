import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Method } from '../../src-shared/domain/methods';

const run = promisify(execFile);

/**
 * The machine's own scaling ceiling: `copies` one-worker benchmarks started at once as separate
 * processes that share nothing but the hardware (cores, caches, memory bandwidth). Their summed
 * train samples/s per method is what that many cores give independent work here, the bound a
 * data-parallel run over as many workers can approach. Each copy runs the same steps, so they
 * overlap for all but their start-up.
 */
export async function independentCopies(
  copies: number,
  benchArgs: string[],
): Promise<Map<Method, number>> {
  const script = new URL('../bench-engine.ts', import.meta.url).pathname;
  const outputs = await Promise.all(
    Array.from({ length: copies }, () =>
      run(
        process.execPath,
        ['--import', 'tsx', script, '--json', '--workers', '1', '--cores', '1', ...benchArgs],
        { maxBuffer: 1 << 20 },
      ),
    ),
  );
  const sums = new Map<Method, number>();
  for (const { stdout } of outputs)
    for (const line of stdout.split('\n').filter((l) => l.startsWith('{'))) {
      const row = JSON.parse(line) as { method: Method; trainSamplesPerSec: number };
      sums.set(row.method, (sums.get(row.method) ?? 0) + row.trainSamplesPerSec);
    }
  return sums;
}
