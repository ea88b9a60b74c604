import { type AudioRef, type ImageRef, middleFrame } from '@shared/domain/dataset';
import { type DecodedAudio, decodeWav } from './audio/wav';
import { DecodeError } from './decode-error';
import { decodeImage } from './image/decode-image';
import { type IdxImages, readIdxImages } from './image/idx';
import { MAX_IMAGE_PIXELS, type RasterImage } from './image/raster';
import {
  DEMO_GENERATOR,
  DEMO_RATE,
  generateDemoAudio,
  generateDemoImage,
} from './importers/demo-generator';
import { readRegularFile } from './source-file';
import { MB } from './source-limits';

/**
 * Turns a sample's audio/image reference back into pixels and PCM. Keeps the IDX files it
 * read, because AV-MNIST reads thousands of images from the same 47 MB file.
 */
export class SampleSources {
  private readonly idx = new Map<string, IdxImages>();
  /** Audio decoded during import validation, handed to the feature build once (then dropped). */
  private readonly carried = new Map<string, DecodedAudio>();
  private carriedBytes = 0;

  constructor(private readonly carryBudgetBytes = 256 * 1024 * 1024) {}

  /** Keeps a decoded file for the next `audio()` call on it, within the memory budget. */
  carryAudio(path: string, decoded: DecodedAudio): void {
    const bytes = decoded.samples.byteLength;
    if (this.carriedBytes + bytes > this.carryBudgetBytes) return;
    this.carried.set(path, decoded);
    this.carriedBytes += bytes;
  }

  /** Drops everything carried (after an import, used or not). */
  dropCarried(): void {
    this.carried.clear();
    this.carriedBytes = 0;
  }

  audio(ref: AudioRef, label: number): DecodedAudio {
    if (ref.kind === 'file') {
      const carried = this.carried.get(ref.path);
      if (carried) {
        this.carried.delete(ref.path);
        this.carriedBytes -= carried.samples.byteLength;
        return carried;
      }
    }
    if (ref.kind === 'generated') {
      checkGenerator(ref.generator);
      const pattern = ref.pattern ?? label;
      return { samples: generateDemoAudio(pattern, ref.seed), sampleRate: DEMO_RATE, channels: 1 };
    }
    return decodeWav(readSourceFile(ref.path, { expectedBytes: ref.bytes }), ref.path);
  }

  image(ref: ImageRef, label: number): RasterImage {
    if (ref.kind === 'generated') {
      checkGenerator(ref.generator);
      return generateDemoImage(ref.pattern ?? label, ref.seed);
    }
    if (ref.kind === 'idx') {
      const images = this.idxImages(ref.path);
      if (ref.index >= images.count) {
        throw new DecodeError(ref.path, `image ${ref.index} out of range (${images.count} images)`);
      }
      const size = images.rows * images.columns;
      return {
        width: images.columns,
        height: images.rows,
        channels: 1,
        data: images.pixels.subarray(ref.index * size, (ref.index + 1) * size),
      };
    }
    if (ref.kind === 'frames') return this.frame(ref, middleFrame(ref.paths.length));
    return decodeImage(
      readSourceFile(ref.path, { expectedBytes: ref.bytes }),
      ref.path,
      MAX_IMAGE_PIXELS,
    );
  }

  /** Frame `index` of a video sample's extracted frames. */
  frame(ref: Extract<ImageRef, { kind: 'frames' }>, index: number): RasterImage {
    const path = ref.paths[index];
    if (path === undefined) {
      throw new DecodeError(ref.paths[0]!, `frame ${index} out of range (${ref.paths.length})`);
    }
    return decodeImage(
      readSourceFile(path, { expectedBytes: ref.bytes[index] }),
      path,
      MAX_IMAGE_PIXELS,
    );
  }

  idxImages(path: string): IdxImages {
    let images = this.idx.get(path);
    if (!images) {
      // AV-MNIST alternates between MNIST train and test; more than a few files is unusual.
      if (this.idx.size >= 4) this.idx.clear();
      images = readIdxImages(path);
      this.idx.set(path, images);
    }
    return images;
  }
}

function checkGenerator(generator: string): void {
  if (generator !== DEMO_GENERATOR) {
    throw new DecodeError(
      generator,
      `unknown generator '${generator}' (this version has ${DEMO_GENERATOR})`,
    );
  }
}

/**
 * Reads a file a dataset refers to: a missing, changed or irregular file (device, FIFO) is a
 * DecodeError naming it. At import `maxBytes` is the import's limit; later the file must have
 * the size the import accepted, which needs no other bound.
 */
export function readSourceFile(
  path: string,
  options: { expectedBytes?: number; maxBytes?: number } = {},
): Uint8Array {
  try {
    return readRegularFile(path, {
      expectedBytes: options.expectedBytes,
      maxBytes: options.maxBytes ?? 4096 * MB,
    });
  } catch (error) {
    if (
      options.expectedBytes !== undefined &&
      error instanceof DecodeError &&
      error.reason === 'file not found'
    ) {
      throw new DecodeError(path, 'file not found (moved or deleted since the import?)');
    }
    throw error;
  }
}
