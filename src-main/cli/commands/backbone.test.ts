import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORWARD_MODES } from '@shared/domain/model';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cavMaeFixture } from '../../../tests/support/engine/cav-mae-fixture';
import { buildProgram } from '../program';

/** Runs `avlab --json …` in-process and returns the one JSON document it prints. */
async function avlabJson(args: string[]): Promise<unknown> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await buildProgram('test', true).parseAsync(['node', 'avlab', '--json', ...args]);
  } finally {
    write.mockRestore();
  }
  return JSON.parse(out);
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('avlab backbone verify', () => {
  it('prints {"modes": {mode: {maxAbsDiff}}} for the released-format fixture, every mode ≤ 1e-4', async () => {
    const doc = (await avlabJson([
      'backbone',
      'verify',
      cavMaeFixture('cav-mae-ft-narrow.pth'),
      cavMaeFixture('expected.safetensors'),
    ])) as { modes: Record<string, { maxAbsDiff: number }> };
    expect(Object.keys(doc)).toEqual(['modes']);
    expect(Object.keys(doc.modes)).toEqual([...FORWARD_MODES]);
    for (const { maxAbsDiff } of Object.values(doc.modes))
      expect(maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('exits 1 when a mode is off (wrong head count), and reports errors as the JSON envelope', async () => {
    await avlabJson([
      'backbone',
      'verify',
      '--heads',
      '2',
      cavMaeFixture('cav-mae-ft-narrow.safetensors'),
      cavMaeFixture('expected.safetensors'),
    ]);
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    const failure = (await avlabJson([
      'backbone',
      'verify',
      '/nonexistent.pth',
      cavMaeFixture('expected.safetensors'),
    ])) as {
      ok: boolean;
      error: { message: string };
    };
    expect(failure.ok).toBe(false);
    expect(failure.error.message).toMatch(/nonexistent\.pth/);
  });
});

describe('avlab backbone import / list', () => {
  it('stores the checkpoint in the data directory and lists it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'avlab-backbone-cli-'));
    try {
      const file = cavMaeFixture('cav-mae-ft-narrow.pth');
      const imported = (await avlabJson([
        '--home',
        home,
        'backbone',
        'import',
        file,
        '--name',
        'narrow',
        '--heads',
        '4',
      ])) as {
        id: string;
        config: { dim: number; heads: number };
      };
      expect(imported.id).toMatch(/^[0-9a-f]{16}$/);
      expect([imported.config.dim, imported.config.heads]).toEqual([64, 4]);
      const list = (await avlabJson(['--home', home, 'backbone', 'list'])) as {
        id: string;
        name: string;
      }[];
      expect(list.map((b) => [b.id, b.name])).toEqual([[imported.id, 'narrow']]);
      // A file that is no checkpoint: refused in the data worker, naming the file, as the
      // caller's mistake (params.path), and what was imported before stays.
      const junk = join(home, 'junk.pth');
      writeFileSync(junk, 'not a checkpoint');
      const failure = (await avlabJson(['--home', home, 'backbone', 'import', junk])) as {
        ok: boolean;
        error: { kind: string; message: string; issues?: { field: string }[] };
      };
      expect(failure.ok).toBe(false);
      expect(failure.error.kind).toBe('invalid_request');
      expect(failure.error.message).toContain('junk.pth');
      expect(failure.error.issues?.[0]?.field).toBe('params.path');
      process.exitCode = undefined;
      const after = (await avlabJson(['--home', home, 'backbone', 'list'])) as { id: string }[];
      expect(after.map((b) => b.id)).toEqual([imported.id]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
