import type { DatasetSummary } from '@shared/domain/dataset';
import { DatasetLibrary } from '../data/library';

/**
 * What a spec or a flag names as its dataset: an id, or an importer kind / dataset name, which
 * picks the newest dataset of that kind or name. `demo` imports the built-in demo set when there
 * is none, so that the demo spec runs on a fresh machine.
 */
export async function resolveDatasetRef(
  dataDir: string,
  ref: string,
  log: (line: string) => void,
): Promise<string> {
  const library = new DatasetLibrary(dataDir);
  const all = library.list();
  if (all.some((d) => d.id === ref)) return ref;
  const newest = (list: DatasetSummary[]) =>
    [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const match = newest(all.filter((d) => d.kind === ref || d.name === ref));
  if (match) {
    log(`dataset "${ref}" → ${match.id} (${match.name})`);
    return match.id;
  }
  if (ref === 'demo') {
    log('no demo dataset yet: importing the built-in one …');
    const report = await library.import('demo', {});
    return report.datasetId;
  }
  throw new Error(
    `no dataset "${ref}": import one first (avlab dataset import …) or give an id from \`avlab dataset list\``,
  );
}
