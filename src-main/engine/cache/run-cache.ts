import type { FeatureSource } from '@shared/domain/features';
import * as tf from '@tensorflow/tfjs';
import { currentBackend } from '../backend';
import type { CorruptionDraws, Modality } from '../corruption-draws';
import { tokenGrids } from '../model/config';
import type { AVModel } from '../model/model';
import { matmulStatus } from '../wasm-kernels/matmul-path';
import { fillEntry } from './build';
import type { EncodedArrays } from './encoded';
import type { CacheEntry } from './entry';
import {
  backboneHash,
  type CacheDtype,
  ENCODER_CACHE_FORMAT,
  type EncoderEntryKey,
  encoderConfig,
  hashOfIds,
} from './key';
import type { EncoderCacheStore } from './store';

/** What a caller gives trainRun to cache with: the store and its name for the features. */
export interface EncoderCache {
  store: EncoderCacheStore;
  /** Dataset id and feature settings (hash): entries of other features never match. */
  data: string;
  /** Rows per chunk file, which is also the batch the encoders run on while building. */
  chunkRows?: number;
  /** Stop each build after this many chunks (tests of an interrupted build). */
  maxChunksPerBuild?: number;
}

export interface CacheReport {
  entries: number;
  chunksBuilt: number;
  chunksReused: number;
  /** One sample's content in one draw, both modalities, as stored. */
  bytesPerSample: number;
  /** Every entry of the run, as stored. */
  totalBytes: number;
}

const MODALITIES: readonly Modality[] = ['audio', 'visual'];

/**
 * One run's view of the encoder cache: for each modality, one entry per draw (or a single one
 * when the run leaves that modality clean), built where missing and read row by row.
 */
export class RunEncoderCache {
  private constructor(
    private readonly entries: Record<Modality, CacheEntry[]>,
    private readonly position: Map<number, number>,
    readonly report: CacheReport,
  ) {}

  /**
   * Opens (building what is missing) every entry the run needs, after evicting least recently
   * used ones to make room. Null when the run's entries cannot fit under the bound at all.
   */
  static prepare(
    model: AVModel,
    source: FeatureSource,
    draws: CorruptionDraws,
    dtype: CacheDtype,
    cache: EncoderCache,
  ): RunEncoderCache | null {
    const trainIds = source.indices('train');
    const chunkRows = cache.chunkRows ?? 64;
    const grids = tokenGrids(model.config);
    const backend = currentBackend();
    const common = {
      format: ENCODER_CACHE_FORMAT,
      backbone: backboneHash(model),
      data: cache.data,
      samples: hashOfIds(trainIds),
      dtype,
      // The live matmul path (it can be switched after the backend loaded), not the report's.
      compute: backend
        ? `${backend.name}:${backend.name === 'wasm' ? matmulStatus().matmul : 'default'}`
        : tf.getBackend(),
    };
    const entries = {} as Record<Modality, CacheEntry[]>;
    for (const modality of MODALITIES) {
      const [gh, gw] = grids[modality];
      const valuesPerRow = model.contentLayers(modality) * gh * gw * model.config.dim;
      const { corruption, drawDependent } = draws.modalityKey(modality);
      const drawList = drawDependent ? Array.from({ length: draws.count }, (_, d) => d) : [null];
      entries[modality] = drawList.map((draw) => {
        const key: EncoderEntryKey = {
          ...common,
          encoder: encoderConfig(model.config, modality),
          modality,
          corruption,
          draw,
        };
        return cache.store.entry(key, { rows: trainIds.length, valuesPerRow, chunkRows });
      });
    }
    const all = [...entries.audio, ...entries.visual];
    const missingBytes = all.reduce(
      (s, e) => s + e.missingChunks().reduce((t, c) => t + e.chunkBytes(c), 0),
      0,
    );
    if (!cache.store.makeRoom(missingBytes, new Set(all.map((e) => e.dir)))) {
      for (const e of all) e.close();
      return null;
    }
    let chunksBuilt = 0;
    let chunksTotal = 0;
    for (const modality of MODALITIES) {
      entries[modality].forEach((entry, d) => {
        chunksTotal += entry.chunks;
        chunksBuilt += fillEntry(
          entry,
          (first, rows) => computeRows(model, source, draws, modality, d, trainIds, first, rows),
          cache.maxChunksPerBuild,
        );
        cache.store.touch(entry);
      });
    }
    const position = new Map<number, number>();
    trainIds.forEach((id, i) => {
      position.set(id, i);
    });
    const bytesPerSample = MODALITIES.reduce(
      (s, m) => s + entries[m][0]!.totalBytes() / Math.max(1, trainIds.length),
      0,
    );
    return new RunEncoderCache(entries, position, {
      entries: all.length,
      chunksBuilt,
      chunksReused: chunksTotal - chunksBuilt,
      bytesPerSample,
      totalBytes: all.reduce((s, e) => s + e.totalBytes(), 0),
    });
  }

  /** Whether every chunk is on disk (false after a build stopped by maxChunksPerBuild). */
  complete(): boolean {
    return MODALITIES.every((m) => this.entries[m].every((e) => e.missingChunks().length === 0));
  }

  /** The content of train samples `sampleIds`, row r from draw drawOfRow[r]. */
  encoded(sampleIds: ArrayLike<number>, drawOfRow: ArrayLike<number>): EncodedArrays {
    const read = (modality: Modality) => {
      const list = this.entries[modality];
      const width = list[0]!.manifest.valuesPerRow;
      const out = new Float32Array(sampleIds.length * width);
      for (let r = 0; r < sampleIds.length; r++) {
        const row = this.position.get(sampleIds[r]!);
        if (row === undefined)
          throw new Error(`encoder cache: sample ${sampleIds[r]} is not in the train split`);
        const entry = list.length === 1 ? list[0]! : list[drawOfRow[r]!]!;
        entry.readRow(row, out, r * width);
      }
      return out;
    };
    return { audio: read('audio'), visual: read('visual') };
  }

  close(): void {
    for (const m of MODALITIES) for (const e of this.entries[m]) e.close();
  }
}

/** One chunk: the train rows' inputs, this modality corrupted by draw d, through the encoder. */
function computeRows(
  model: AVModel,
  source: FeatureSource,
  draws: CorruptionDraws,
  modality: Modality,
  draw: number,
  trainIds: Int32Array,
  first: number,
  rows: number,
): Float32Array {
  const ids = trainIds.subarray(first, first + rows);
  const raw = source.batch(ids);
  const values = modality === 'audio' ? raw.audio : raw.visual;
  draws.corruptModality(modality, values, ids, new Uint8Array(rows).fill(draw));
  const s = source.shape;
  const content = tf.tidy(() =>
    model.encoderContent(
      modality,
      modality === 'audio'
        ? tf.tensor3d(values, [rows, s.audioFrames, s.melBins])
        : tf.tensor4d(values, [rows, s.imageSize, s.imageSize, s.imageChannels]),
    ),
  );
  const out = content.dataSync() as Float32Array;
  content.dispose();
  return out;
}
