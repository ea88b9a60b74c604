import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetLibrary } from '../../src-main/data/library';
import { ArtifactIndex } from '../../src-main/distributed/artifact-index';
import { ArtifactCache, ArtifactHashMismatch } from '../../src-main/distributed/artifact-transfer';
import type { Coordinator } from '../../src-main/distributed/coordinator';
import {
  CoordinatorClient,
  CoordinatorRefusal,
} from '../../src-main/distributed/coordinator-client';
import {
  type CoordinatorServer,
  startCoordinatorServer,
} from '../../src-main/distributed/coordinator-server';
import { dataLayout } from '../../src-main/home';
import { tempHome } from '../helpers/temp-home';
import { importSmallDemo } from '../support/distributed/sweep';

// Datasets and checkpoints travel by content hash from the coordinator's HTTP API: checked
// while they stream in, refused when the bytes are not the ones asked for, fetched once.
const TOKEN = 'artifact-test-token-0123456789';
const home = tempHome('avlab-artifacts-');
const coordinatorRoot = join(home.dir, 'coordinator');
const layout = dataLayout(coordinatorRoot);
const index = new ArtifactIndex(layout);
let server: CoordinatorServer;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  // Only what the HTTP layer asks of a coordinator for artifacts.
  const coordinator = { artifacts: index } as unknown as Coordinator;
  server = await startCoordinatorServer(
    { host: '127.0.0.1', port: 0, token: TOKEN },
    () => coordinator,
  );
});

afterAll(async () => {
  await server.close();
  home.remove();
});

const client = (token = TOKEN) =>
  new CoordinatorClient({ url: async () => server.url, token, patienceMs: 0 });

describe('artifact transfer by content hash', () => {
  it('fetches a registered file once, verified, and serves it from the cache after', async () => {
    const file = join(coordinatorRoot, 'checkpoints', 'a.safetensors');
    const bytes = Buffer.from('checkpoint bytes '.repeat(1000));
    writeFileSync(file, bytes);
    const ref = await index.register(file);
    expect(ref).toEqual({ sha256: sha256(bytes), bytes: bytes.length });

    const cache = new ArtifactCache(join(home.dir, 'worker', 'artifacts'));
    const source = (hash: string) => client().artifact(hash);
    const path = await cache.get(ref, source);
    expect(readFileSync(path)).toEqual(bytes);
    await cache.get(ref, source);
    expect(cache.stats).toMatchObject({ fetched: 1, fetchedBytes: bytes.length, reused: 1 });
  });

  it('refuses a transfer whose bytes do not hash to what was asked, and keeps nothing of it', async () => {
    const file = join(coordinatorRoot, 'checkpoints', 'b.safetensors');
    writeFileSync(file, Buffer.from('the original bytes'));
    const ref = await index.register(file);
    // Damaged on the coordinator's disk after it was named in a job (same length).
    writeFileSync(file, Buffer.from('the ORIGINAL bytes'));
    const dir = join(home.dir, 'worker-corrupt', 'artifacts');
    const cache = new ArtifactCache(dir);
    await expect(cache.get(ref, (hash) => client().artifact(hash))).rejects.toThrow(
      ArtifactHashMismatch,
    );
    await expect(cache.get(ref, (hash) => client().artifact(hash))).rejects.toThrow(
      new RegExp(
        `artifact ${ref.sha256} \\(18 bytes\\) arrived as 18 bytes with sha256 [0-9a-f]{64}: refused`,
      ),
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes a file from a shared mount when its hash matches, and from the network otherwise', async () => {
    const shared = join(home.dir, 'shared-mount');
    const bytes = Buffer.from('dataset bytes on the lab share');
    mkdirSync(join(shared, 'features'), { recursive: true });
    writeFileSync(join(shared, 'features', 'x.bin'), bytes);
    const ref = { sha256: sha256(bytes), bytes: bytes.length };
    const cache = new ArtifactCache(join(home.dir, 'worker-shared', 'artifacts'), shared);
    const offline = async (): Promise<ReadableStream<Uint8Array>> => {
      throw new Error('the network was used');
    };
    expect(readFileSync(await cache.get(ref, offline, 'features/x.bin'))).toEqual(bytes);
    expect(cache.stats).toMatchObject({ fromShared: 1, fetched: 0 });

    // The share holds other bytes under that name: the coordinator's are fetched instead.
    const file = join(coordinatorRoot, 'checkpoints', 'c.bin');
    const wanted = Buffer.from('the bytes the job names');
    writeFileSync(file, wanted);
    writeFileSync(join(shared, 'features', 'y.bin'), Buffer.from('stale bytes'));
    const other = await index.register(file);
    const path = await cache.get(other, (hash) => client().artifact(hash), 'features/y.bin');
    expect(readFileSync(path)).toEqual(wanted);
    expect(cache.stats).toMatchObject({ fromShared: 1, fetched: 1 });
  });

  it('answers only with the worker token, and only for files a job named', async () => {
    const file = join(coordinatorRoot, 'checkpoints', 'a.safetensors');
    const { sha256: known } = await index.register(file);
    await expect(client('wrong-token-0123456789').artifact(known)).rejects.toMatchObject({
      status: 401,
    });
    await expect(client().artifact('0'.repeat(64))).rejects.toBeInstanceOf(CoordinatorRefusal);
    await expect(client().artifact('0'.repeat(64))).rejects.toMatchObject({ status: 404 });
  });

  it('moves a dataset as its record and feature cache: the worker trains from it without a rebuild', async () => {
    const datasetId = await importSmallDemo(coordinatorRoot, 3);
    const bundle = await index.datasetBundle(datasetId);
    expect(bundle.map((f) => f.path.split('/')[0])).toContain('features');
    expect(bundle[0]!.path).toBe(`datasets/${datasetId}/dataset.json`);

    const workerRoot = join(home.dir, 'worker-data');
    const cache = new ArtifactCache(join(workerRoot, 'cache', 'artifacts'));
    const source = (hash: string) => client().artifact(hash);
    for (const file of bundle)
      await cache.place(file, source, join(workerRoot, ...file.path.split('/')));
    // A second run on the same dataset fetches nothing.
    for (const file of bundle)
      await cache.place(file, source, join(workerRoot, ...file.path.split('/')));
    expect(cache.stats.fetched).toBe(bundle.length);
    expect(cache.stats.reused).toBe(bundle.length);

    const cacheFile = bundle.find((f) => f.path.endsWith('/audio.bin'))!;
    const placed = join(workerRoot, ...cacheFile.path.split('/'));
    const before = statSync(placed).ino;
    const there = new DatasetLibrary(coordinatorRoot).features(datasetId);
    const here = new DatasetLibrary(workerRoot).features(datasetId);
    try {
      // Opened as placed: a cache found wanting would have been rebuilt into a new file.
      expect(statSync(placed).ino).toBe(before);
      expect(statSync(placed).ino).toBe(statSync(cache.pathOf(cacheFile.sha256)).ino);
      expect(here.meta).toEqual(there.meta);
      expect(here.batch([0, 5]).audio).toEqual(there.batch([0, 5]).audio);
    } finally {
      here.close();
      there.close();
    }
  });
});
