import { resolve } from 'node:path';
import madge from 'madge';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import graph as the reviewer of issue 13 asked it to stay: no cycle anywhere, and every
 * arrow running downwards — the API is the top of the main process, so the layers it drives
 * (jobs, data, store, engine) never import from it.
 */

const root = resolve(import.meta.dirname, '..');

type Graph = Record<string, string[]>;

/** Every import, type-only ones included (a cycle through types still ties the files together). */
async function importGraph(folders: string[], tsConfig: string) {
  const result = await madge(
    folders.map((f) => resolve(root, f)),
    {
      baseDir: root,
      fileExtensions: ['ts', 'tsx'],
      tsConfig: resolve(root, tsConfig),
      detectiveOptions: {
        ts: { skipTypeImports: false },
        tsx: { skipTypeImports: false },
      },
    },
  );
  return result;
}

describe('the import graph', () => {
  let main: Awaited<ReturnType<typeof importGraph>>;
  let renderer: Awaited<ReturnType<typeof importGraph>>;

  beforeAll(async () => {
    [main, renderer] = await Promise.all([
      importGraph(['src-main', 'src-shared'], 'tsconfig.node.json'),
      importGraph(['src-renderer', 'src-shared'], 'tsconfig.web.json'),
    ]);
  }, 120_000);

  it('resolves the project’s own imports, @shared included (else a cycle could hide)', () => {
    const graph: Graph = main.obj();
    const api = graph['src-main/api/runtime.ts'] ?? [];
    expect(api).toContain('src-main/api/handlers.ts');
    expect(graph['src-main/jobs/plan-scenario.ts']).toContain('src-shared/domain/scenario.ts');
    // Vite asset imports (`?raw`, `?modulePath`) are files, not modules: madge skips them.
    const ownSkipped = [...main.warnings().skipped, ...renderer.warnings().skipped].filter(
      (s) => (s.startsWith('.') || s.startsWith('@shared')) && !s.includes('?'),
    );
    expect(ownSkipped).toEqual([]);
  });

  it('has no cycle in the main process, the worker or src-shared', () => {
    expect(main.circular()).toEqual([]);
  });

  it('has no cycle in the renderer', () => {
    expect(renderer.circular()).toEqual([]);
  });

  it('never imports src-main/api from jobs, data, store or engine', () => {
    const lower = /^src-main\/(jobs|data|store|engine)\//;
    const upward = Object.entries(main.obj() as Graph).flatMap(([file, deps]) =>
      lower.test(file)
        ? deps.filter((d) => d.startsWith('src-main/api/')).map((d) => `${file} → ${d}`)
        : [],
    );
    expect(upward).toEqual([]);
  });
});
