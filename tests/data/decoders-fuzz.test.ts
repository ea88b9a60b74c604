import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./fuzz-decoders.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

describe('decoder fuzzing', () => {
  // A child process, so that a decoder stuck in a loop is killed by the timeout instead of
  // freezing the test run.
  it('turns 3,000 mutated WAV/PNG/JPEG files into typed DecodeErrors or sane output, no crash, no hang', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '1', '600'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG },
    });
    expect(run.error, 'the fuzz run hung or could not start').toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      cases: number;
      decoded: number;
      typedErrors: number;
      otherErrors: string[];
      insane: string[];
      slowestMs: number;
    };
    expect(summary.cases).toBe(3000);
    expect(summary.otherErrors).toEqual([]);
    expect(summary.insane).toEqual([]);
    // The mutations must actually break most files, or the test would prove nothing.
    expect(summary.typedErrors).toBeGreaterThan(2000);
    expect(summary.decoded + summary.typedErrors).toBe(3000);
  });
});
