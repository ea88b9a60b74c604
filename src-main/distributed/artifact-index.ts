import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ArtifactRef, BundleFile } from '@shared/domain/distributed';
import { settingsHash } from '../data/cache/cache-meta';
import { datasetFeatureSettings } from '../data/feature-settings';
import { DatasetLibrary } from '../data/library';
import type { DataLayout } from '../home';

/** sha256 of a file, streamed (feature caches and checkpoints run to gigabytes). */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * The files the coordinator hands out, by content hash. Only a file named in a job it gave a
 * worker is served (GET by hash can never read anything else of the data directory); hashes are
 * remembered per path, size and modification time, so a dataset is hashed once, not per run.
 */
export class ArtifactIndex {
  private readonly byHash = new Map<string, string>();
  private readonly hashes = new Map<string, { key: string; sha256: string }>();

  constructor(private readonly layout: DataLayout) {}

  /** The file with this content, if a job named it. */
  pathOf(sha256: string): string | null {
    return this.byHash.get(sha256) ?? null;
  }

  /** Hashes (once) and registers a file. */
  async register(path: string): Promise<ArtifactRef> {
    const stat = statSync(path);
    const key = `${stat.size}:${stat.mtimeMs}`;
    let known = this.hashes.get(path);
    if (known?.key !== key) {
      known = { key, sha256: await sha256File(path) };
      this.hashes.set(path, known);
    }
    this.byHash.set(known.sha256, path);
    return { sha256: known.sha256, bytes: stat.size };
  }

  /**
   * A dataset as a worker needs it to train: its record (`datasets/<id>/dataset.json`) and the
   * feature cache of its own settings, built here first if it was never built.
   */
  async datasetBundle(datasetId: string): Promise<BundleFile[]> {
    const library = new DatasetLibrary(this.layout.root);
    const record = library.get(datasetId);
    const cacheDir = join(
      this.layout.features,
      datasetId,
      settingsHash(datasetFeatureSettings(record)),
    );
    if (!existsSync(join(cacheDir, 'meta.json'))) library.features(datasetId).close();
    const files = [
      join(this.layout.datasets, datasetId, 'dataset.json'),
      ...readdirSync(cacheDir)
        .filter((name) => !name.startsWith('.'))
        .map((name) => join(cacheDir, name)),
    ];
    const bundle: BundleFile[] = [];
    for (const file of files) {
      const ref = await this.register(file);
      bundle.push({ ...ref, path: relative(this.layout.root, file).split(sep).join('/') });
    }
    return bundle;
  }
}
