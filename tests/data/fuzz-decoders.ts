// Feeds mutated WAV/PNG/JPEG files to the decoders and prints one JSON summary line.
// Run in a child process by decoders-fuzz.test.ts, so that a hang can be killed and reported.
import { readFileSync } from 'node:fs';
import { decodeWav } from '../../src-main/data/audio/wav';
import { DecodeError } from '../../src-main/data/decode-error';
import { decodeImage } from '../../src-main/data/image/decode-image';
import { SeededRandom } from '../../src-main/data/random';
import { FSDD_RECORDINGS, jpegBytes, pngBytes, wavBytes } from './bad-files';

const [seedArg, perSeedArg] = process.argv.slice(2);
const random = new SeededRandom(Number(seedArg ?? 1));
const perSeed = Number(perSeedArg ?? 500);

const seeds: { name: string; bytes: Uint8Array; decode: (b: Uint8Array, f: string) => unknown }[] =
  [
    {
      name: 'fsdd.wav',
      bytes: readFileSync(`${FSDD_RECORDINGS}/0_jackson_0.wav`),
      decode: decodeWav,
    },
    { name: 'float.wav', bytes: wavBytes([0.5, -0.25, 0.125, 0, 1, -1], '32f'), decode: decodeWav },
    { name: 'pcm24.wav', bytes: wavBytes([1, -5, 8388607, -8388608], '24'), decode: decodeWav },
    { name: 'gray.png', bytes: pngBytes(12, 40), decode: decodeImage },
    { name: 'photo.jpg', bytes: jpegBytes(24, 130), decode: decodeImage },
  ];

function mutate(source: Uint8Array): Uint8Array {
  const bytes = source.slice();
  const headerBias = () =>
    random.next() < 0.6 ? random.int(0, Math.min(64, bytes.length)) : random.int(0, bytes.length);
  switch (random.int(0, 6)) {
    case 0: // flip a few bits
      for (let i = random.int(1, 9); i > 0; i--) {
        const at = headerBias();
        bytes[at] = bytes[at]! ^ (1 << random.int(0, 8));
      }
      return bytes;
    case 1: // truncate
      return bytes.subarray(0, random.int(0, bytes.length));
    case 2: {
      // overwrite a 32-bit field with an extreme value (sizes, counts, dimensions)
      const at = Math.min(headerBias(), bytes.length - 4);
      const extremes = [0, 0xffffffff, 0x7fffffff, 0x80000000, random.int(0, 2 ** 31)];
      new DataView(bytes.buffer).setUint32(
        Math.max(at, 0),
        extremes[random.int(0, extremes.length)]!,
        random.next() < 0.5,
      );
      return bytes;
    }
    case 3: {
      // delete or duplicate a span
      const from = random.int(0, bytes.length);
      const to = Math.min(bytes.length, from + random.int(1, 256));
      const out =
        random.next() < 0.5
          ? [...bytes.subarray(0, from), ...bytes.subarray(to)]
          : [...bytes.subarray(0, to), ...bytes.subarray(from)];
      return Uint8Array.from(out);
    }
    case 4: // random bytes after the real signature
      for (let i = 16; i < bytes.length; i++) bytes[i] = random.int(0, 256);
      return bytes;
    default: // random bytes anywhere
      for (let i = random.int(1, 64); i > 0; i--)
        bytes[random.int(0, bytes.length)] = random.int(0, 256);
      return bytes;
  }
}

const summary = {
  cases: 0,
  decoded: 0,
  typedErrors: 0,
  otherErrors: [] as string[],
  slowestMs: 0,
  insane: [] as string[],
};
for (const seed of seeds) {
  for (let i = 0; i < perSeed; i++) {
    const bytes = mutate(seed.bytes);
    const started = performance.now();
    try {
      const result = seed.decode(bytes, `${seed.name}#${i}`) as {
        samples?: Float32Array;
        width?: number;
        height?: number;
        channels?: number;
        data?: Uint8Array;
      };
      summary.decoded++;
      if (result.samples && !result.samples.every(Number.isFinite))
        summary.insane.push(`${seed.name}#${i}: non-finite samples`);
      if (result.data && result.data.length !== result.width! * result.height! * result.channels!)
        summary.insane.push(`${seed.name}#${i}: pixel count`);
    } catch (error) {
      if (error instanceof DecodeError && error.file === `${seed.name}#${i}`) summary.typedErrors++;
      else
        summary.otherErrors.push(
          `${seed.name}#${i}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        );
    }
    summary.slowestMs = Math.max(summary.slowestMs, performance.now() - started);
    summary.cases++;
  }
}
process.stdout.write(`${JSON.stringify(summary)}\n`);
