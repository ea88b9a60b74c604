import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const AVLAB = fileURLToPath(new URL('../../bin/avlab.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'avlab-cli-'));
const SMALL = ['--audio-frames', '32', '--mel-bins', '32', '--image-size', '16'];

function avlab(
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [AVLAB, '--home', home, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** --json promises exactly one JSON document on stdout. */
function onlyJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout) as Record<string, unknown>;
}

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('avlab dataset (end to end)', () => {
  let demoId = '';

  it('imports the demo and prints the report as one JSON document', async () => {
    const run = await avlab(
      '--json',
      'dataset',
      'import',
      'demo',
      '--samples-per-class',
      '10',
      ...SMALL,
    );
    expect(run.code, run.stderr).toBe(0);
    const report = onlyJson(run.stdout);
    expect(report.ok).toBe(true);
    expect(report.counts).toEqual({ train: 70, val: 10, test: 20 });
    expect((report.classCounts as Record<string, Record<string, number>>).test!.tone).toBe(2);
    expect(report.rejected).toEqual([]);
    demoId = report.datasetId as string;
    expect(demoId).toMatch(/^demo-procedural-[0-9a-f]{6}$/);
  });

  it('lists, inspects and previews it', async () => {
    const list = onlyJson((await avlab('--json', 'dataset', 'list')).stdout);
    expect((list.datasets as { id: string }[]).map((d) => d.id)).toEqual([demoId]);

    const inspect = onlyJson(
      (await avlab('--json', 'dataset', 'inspect', demoId, ...SMALL)).stdout,
    );
    expect(inspect.counts).toEqual({ train: 70, val: 10, test: 20 });
    expect((inspect.features as { audioShape: number[] }).audioShape).toEqual([32, 32]);
    expect((inspect.durations as { min: number }).min).toBeGreaterThanOrEqual(0.6);

    const out = join(home, 'previews');
    const preview = await avlab(
      '--json',
      'dataset',
      'preview',
      demoId,
      '3',
      '--case',
      'noisy_audio',
      '--out',
      out,
      ...SMALL,
    );
    expect(preview.code, preview.stderr).toBe(0);
    const document = onlyJson(preview.stdout);
    expect(document.visualApplied).toBeNull();
    expect(['gaussian', 'time_shift', 'time_mask', 'freq_mask']).toContain(document.audioApplied);
    expect(existsSync(document.spectrogram as string)).toBe(true);
    expect(existsSync(document.image as string)).toBe(true);
  });

  it('inspect without feature options uses the settings the dataset was imported with', async () => {
    const inspect = onlyJson((await avlab('--json', 'dataset', 'inspect', demoId)).stdout);
    expect((inspect.features as { audioShape: number[] }).audioShape).toEqual([32, 32]);
  });

  it('refuses a feature setting it cannot honour as a user error naming the option', async () => {
    const run = await avlab('--json', 'dataset', 'import', 'demo', '--mel-bins', '300');
    expect(run.code).toBe(1);
    expect(onlyJson(run.stdout).error).toMatchObject({
      kind: 'invalid_request',
      message: expect.stringMatching(/melBins \(--mel-bins\): 300 mel bins/),
    });
  });

  it('reports failures as {ok: false} with exit code 1, and a bad flag without touching the store', async () => {
    const missing = await avlab('--json', 'dataset', 'inspect', 'no-such-dataset');
    expect(missing.code).toBe(1);
    expect(onlyJson(missing.stdout)).toMatchObject({
      ok: false,
      error: { message: "no dataset 'no-such-dataset'" },
    });

    const bad = await avlab('--json', 'dataset', 'import', 'manifest', join(home, 'nope.csv'));
    expect(bad.code).toBe(1);
    expect((onlyJson(bad.stdout).error as { message: string }).message).toMatch(
      /nope\.csv: manifest not found/,
    );

    const plain = await avlab('dataset', 'import', 'avmnist', '--fsdd', home);
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toMatch(/--mnist/);
    const list = onlyJson((await avlab('--json', 'dataset', 'list')).stdout);
    expect(list.datasets).toHaveLength(1);
  });
});
