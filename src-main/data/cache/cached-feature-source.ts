import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { middleFrame, type Split } from '@shared/domain/dataset';
import type { FeatureShape, FeatureSource, SampleBatch } from '@shared/domain/features';
import {
  bytesPerValue,
  CACHE_FILES,
  type CacheMeta,
  CacheMetaSchema,
  INDEX_COLUMNS,
  SPLIT_CODES,
} from './cache-meta';
import { decodeFloat16 } from './float16';

/** How a batch picks each video sample's frame (other datasets have one image per sample). */
export interface FrameChoice {
  /**
   * Training: a frame drawn from this seed and the sample index, reproducibly (a resumed run
   * draws what the uninterrupted one did, since the loop's seeds are restored). Absent: the
   * middle frame, as evaluation, previews and attention capture see it.
   */
  frameSeed?: number;
}

/** Frame of `sample` for a seed: a 32-bit integer hash, so any seed gives an even spread. */
export function drawnFrame(seed: number, sample: number, frames: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(sample + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) % frames;
}

/**
 * Reads normalised features from a cache directory in batches with positioned reads: memory
 * stays at one batch whatever the dataset size, and the OS page cache makes epochs after the
 * first cheap. Call close() when done.
 */
export class CachedFeatureSource implements FeatureSource {
  readonly shape: FeatureShape;
  readonly classes: readonly string[];
  readonly meta: CacheMeta;
  /** Multi-label once `setLabelSets` gave the dataset's label sets; absent = single-label. */
  task?: 'multi-label';
  private labelSets: readonly (readonly number[])[] | null = null;
  /** Image rows per sample: a video dataset's k frames, else 1. */
  readonly framesPerSample: number;
  private readonly index: Int32Array;
  private readonly audioFd: number;
  private readonly visualFd: number;
  private readonly audioLength: number;
  private readonly imageLength: number;
  private readonly valueBytes: number;
  private readonly splitIndices = new Map<Split, Int32Array>();
  private readonly scratch: Uint8Array;
  private closed = false;

  private constructor(dir: string, meta: CacheMeta, classes: readonly string[]) {
    this.meta = meta;
    this.classes = classes;
    this.framesPerSample = meta.framesPerSample ?? 1;
    const { settings } = meta;
    this.shape = {
      audioFrames: settings.audioFrames,
      melBins: settings.melBins,
      imageSize: settings.imageSize,
      imageChannels: 3,
    };
    this.audioLength = settings.audioFrames * settings.melBins;
    this.imageLength = settings.imageSize * settings.imageSize * 3;
    this.valueBytes = bytesPerValue(settings);
    const indexBytes = readFileSync(join(dir, CACHE_FILES.index));
    this.index = new Int32Array(
      indexBytes.buffer,
      indexBytes.byteOffset,
      indexBytes.byteLength / 4,
    );
    this.audioFd = openSync(join(dir, CACHE_FILES.audio), 'r');
    this.visualFd = openSync(join(dir, CACHE_FILES.visual), 'r');
    this.scratch = new Uint8Array(Math.max(this.audioLength, this.imageLength) * this.valueBytes);
  }

  /**
   * Opens a cache if it is complete and consistent; returns undefined for a miss (absent, from an
   * older pipeline, or with files of the wrong size), so the caller rebuilds it.
   */
  static open(dir: string, classes: readonly string[]): CachedFeatureSource | undefined {
    const metaPath = join(dir, CACHE_FILES.meta);
    if (!existsSync(metaPath)) return undefined;
    const parsed = CacheMetaSchema.safeParse(JSON.parse(readFileSync(metaPath, 'utf8')));
    if (!parsed.success) return undefined;
    const meta = parsed.data;
    const { settings } = meta;
    const valueBytes = bytesPerValue(settings);
    const expected: [string, number][] = [
      [CACHE_FILES.audio, meta.audioRows * settings.audioFrames * settings.melBins * valueBytes],
      [CACHE_FILES.visual, meta.imageRows * settings.imageSize ** 2 * 3 * valueBytes],
      [CACHE_FILES.index, meta.samples * INDEX_COLUMNS * 4],
    ];
    for (const [file, bytes] of expected) {
      const path = join(dir, file);
      if (!existsSync(path) || statSync(path).size !== bytes) return undefined;
    }
    return new CachedFeatureSource(dir, meta, classes);
  }

  get size(): number {
    return this.meta.samples;
  }

  indices(split: Split): Int32Array {
    let found = this.splitIndices.get(split);
    if (!found) {
      const code = SPLIT_CODES[split];
      const list: number[] = [];
      for (let i = 0; i < this.meta.samples; i++) {
        if (this.index[i * INDEX_COLUMNS + 3] === code) list.push(i);
      }
      found = Int32Array.from(list);
      this.splitIndices.set(split, found);
    }
    return found;
  }

  /**
   * Makes this a multi-label source: every sample's classes (the cache's index holds one label
   * per sample, the first), so batches carry k-hot `targets` (engine: sigmoid + BCE).
   */
  setLabelSets(labelSets: readonly (readonly number[])[]): this {
    if (labelSets.length !== this.meta.samples)
      throw new Error(
        `label sets for ${labelSets.length} samples, but the feature cache has ${this.meta.samples}`,
      );
    this.labelSets = labelSets;
    this.task = 'multi-label';
    return this;
  }

  labelsOf(sampleIndex: number): readonly number[] {
    return this.labelSets?.[sampleIndex] ?? [this.index[sampleIndex * INDEX_COLUMNS + 2]!];
  }

  batch(sampleIndices: ArrayLike<number>, choice: FrameChoice = {}): SampleBatch {
    if (this.closed) throw new Error('feature source is closed');
    const size = sampleIndices.length;
    const audio = new Float32Array(size * this.audioLength);
    const visual = new Float32Array(size * this.imageLength);
    const labels = new Int32Array(size);
    const indices = new Int32Array(size);
    for (let b = 0; b < size; b++) {
      const sample = sampleIndices[b]!;
      if (!Number.isInteger(sample) || sample < 0 || sample >= this.meta.samples) {
        throw new RangeError(`sample index ${sample} outside 0..${this.meta.samples - 1}`);
      }
      const row = sample * INDEX_COLUMNS;
      this.readRow(this.audioFd, this.index[row]!, this.audioLength, audio, b * this.audioLength);
      this.readRow(
        this.visualFd,
        this.index[row + 1]! + this.frameOf(sample, choice),
        this.imageLength,
        visual,
        b * this.imageLength,
      );
      labels[b] = this.index[row + 2]!;
      indices[b] = sample;
    }
    if (!this.labelSets) return { size, audio, visual, labels, sampleIndices: indices };
    const classes = this.classes.length;
    const targets = new Float32Array(size * classes);
    for (let b = 0; b < size; b++)
      for (const c of this.labelSets[indices[b]!]!) targets[b * classes + c] = 1;
    return { size, audio, visual, labels, targets, sampleIndices: indices };
  }

  private frameOf(sample: number, choice: FrameChoice): number {
    const frames = this.framesPerSample;
    if (frames === 1) return 0;
    return choice.frameSeed === undefined
      ? middleFrame(frames)
      : drawnFrame(choice.frameSeed, sample, frames);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.audioFd);
    closeSync(this.visualFd);
  }

  private readRow(fd: number, row: number, length: number, out: Float32Array, offset: number) {
    const bytes = length * this.valueBytes;
    if (this.valueBytes === 4) {
      const target = new Uint8Array(out.buffer, out.byteOffset + offset * 4, bytes);
      readFully(fd, target, row * bytes);
    } else {
      const target = this.scratch.subarray(0, bytes);
      readFully(fd, target, row * bytes);
      decodeFloat16(new Uint16Array(target.buffer, target.byteOffset, length), out, offset);
    }
  }
}

function readFully(fd: number, target: Uint8Array, position: number): void {
  let done = 0;
  while (done < target.length) {
    const read = readSync(fd, target, done, target.length - done, position + done);
    if (read === 0) throw new Error('feature cache file is shorter than its index says');
    done += read;
  }
}
