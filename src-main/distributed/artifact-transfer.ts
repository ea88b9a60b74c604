import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  linkSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArtifactRef } from '@shared/domain/distributed';
import { sha256File } from './artifact-index';

/** An artifact whose bytes did not hash to what was asked for: refused, and nothing kept. */
export class ArtifactHashMismatch extends Error {
  override name = 'ArtifactHashMismatch';
}

/** Where an artifact's bytes come from: the coordinator's API (a fetch Response body). */
export type ArtifactSource = (sha256: string) => Promise<ReadableStream<Uint8Array>>;

/**
 * A worker's content-addressed cache (`<dir>/<sha256>`): an artifact is fetched once, checked
 * against its hash while it streams in, and only then renamed into place; every later run that
 * needs it (another adapted run of the same backbone, the same dataset) takes it from here.
 */
export class ArtifactCache {
  /** Counts, for tests and logs: what came over the network, and what was already here. */
  readonly stats = { fetched: 0, fetchedBytes: 0, reused: 0, fromShared: 0 };

  constructor(
    private readonly dir: string,
    /** A mount of the coordinator's data directory, when the lab has one (`--shared`). */
    private readonly sharedRoot: string | null = null,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  pathOf(sha256: string): string {
    return join(this.dir, sha256);
  }

  /**
   * The cached file of an artifact, fetched first when absent. `sharedPath` (relative to the
   * shared mount) is tried before the network: copied only when its hash matches too.
   */
  async get(ref: ArtifactRef, source: ArtifactSource, sharedPath?: string): Promise<string> {
    const path = this.pathOf(ref.sha256);
    if (existsSync(path) && statSync(path).size === ref.bytes) {
      this.stats.reused++;
      return path;
    }
    const temporary = `${path}.tmp-${process.pid}-${Date.now()}`;
    try {
      const shared = this.sharedRoot && sharedPath ? join(this.sharedRoot, sharedPath) : null;
      if (shared && existsSync(shared) && (await sha256File(shared)) === ref.sha256) {
        copyFileSync(shared, temporary);
        this.stats.fromShared++;
      } else {
        const hash = createHash('sha256');
        let bytes = 0;
        const hashing = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
          },
        });
        const body = Readable.fromWeb((await source(ref.sha256)) as never);
        await pipeline(body, hashing, createWriteStream(temporary));
        const actual = hash.digest('hex');
        if (actual !== ref.sha256 || bytes !== ref.bytes) {
          throw new ArtifactHashMismatch(
            `artifact ${ref.sha256} (${ref.bytes} bytes) arrived as ${bytes} bytes with sha256 ${actual}: refused`,
          );
        }
        this.stats.fetched++;
        this.stats.fetchedBytes += bytes;
      }
      renameSync(temporary, path);
      return path;
    } finally {
      rmSync(temporary, { force: true });
    }
  }

  /**
   * Puts a cached artifact at `target` (a hard link, else a copy): the layout the training code
   * reads, e.g. `features/<id>/<settings>/audio.bin` under the worker's data directory.
   */
  async place(
    ref: ArtifactRef,
    source: ArtifactSource,
    target: string,
    sharedPath?: string,
  ): Promise<void> {
    const cached = await this.get(ref, source, sharedPath);
    if (existsSync(target) && statSync(target).ino === statSync(cached).ino) return;
    mkdirSync(dirname(target), { recursive: true });
    const temporary = `${target}.tmp-${process.pid}`;
    rmSync(temporary, { force: true });
    try {
      linkSync(cached, temporary);
    } catch {
      copyFileSync(cached, temporary);
    }
    renameSync(temporary, target);
  }
}
