import type { RasterImage } from '../image/raster';
import { SeededRandom } from '../random';

/**
 * The built-in demo: 10 classes, each a sound pattern paired with a picture pattern. Pitches,
 * timing, positions, sizes and colours are drawn per sample from ranges shared by all classes, and
 * every sample carries background noise, so only the *pattern* identifies the class: learnable,
 * but not from a single pixel or a single frequency bin.
 */
export const DEMO_GENERATOR = 'demo-v1';
export const DEMO_RATE = 16000;
export const DEMO_IMAGE_SIZE = 32;
export const DEMO_CLASSES = [
  'tone',
  'rising',
  'falling',
  'harmonic',
  'bursts',
  'tremolo',
  'two-tone',
  'vibrato',
  'clicks',
  'noise-band',
] as const;
const DEMO_SHAPES = [
  'disc',
  'square',
  'triangle',
  'cross',
  'h-stripes',
  'v-stripes',
  'ring',
  'diagonal',
  'checker',
  'dots',
] as const;

/** Length of a demo clip in samples (its first random draw), without generating it. */
export function demoAudioLength(seed: number): number {
  return Math.round(new SeededRandom(seed).uniform(0.6, 1.2) * DEMO_RATE);
}

/** Mono PCM at DEMO_RATE, 0.6–1.2 s. */
export function generateDemoAudio(label: number, seed: number): Float32Array {
  const random = new SeededRandom(seed);
  const n = Math.round(random.uniform(0.6, 1.2) * DEMO_RATE);
  const out = new Float32Array(n);
  const f0 = random.uniform(250, 1200);
  const amplitude = random.uniform(0.2, 0.5);
  const noise = random.uniform(0.02, 0.12);
  let phase = 0;
  let previousNoise = 0;
  for (let i = 0; i < n; i++) {
    const t = i / DEMO_RATE;
    const progress = i / n;
    let frequency = f0;
    let gain = 1;
    let value = 0;
    switch (DEMO_CLASSES[label]) {
      case 'rising':
        frequency = f0 * (1 + progress);
        break;
      case 'falling':
        frequency = f0 * (2 - progress);
        break;
      case 'tremolo':
        gain = 0.5 + 0.5 * Math.sin(2 * Math.PI * 8 * t);
        break;
      case 'two-tone':
        frequency = Math.floor(t * 6) % 2 === 0 ? f0 : f0 * 1.5;
        break;
      case 'vibrato':
        frequency = f0 * (1 + 0.06 * Math.sin(2 * Math.PI * 6 * t));
        break;
    }
    phase += (2 * Math.PI * frequency) / DEMO_RATE;
    switch (DEMO_CLASSES[label]) {
      case 'harmonic':
        value = (Math.sin(phase) + 0.6 * Math.sin(2 * phase) + 0.4 * Math.sin(3 * phase)) / 2;
        break;
      case 'bursts':
        value = Math.floor(progress * 6) % 2 === 0 ? random.gaussian() * 0.5 : 0;
        break;
      case 'clicks':
        value = i % Math.round(DEMO_RATE / (f0 / 20)) < 24 ? 1 : 0;
        break;
      case 'noise-band': {
        // Leaky-integrated noise: a low band, unlike the flat background.
        previousNoise = 0.97 * previousNoise + 0.1 * random.gaussian();
        value = previousNoise;
        break;
      }
      default:
        value = Math.sin(phase);
    }
    const fade = Math.min(1, progress * 20, (1 - progress) * 20);
    out[i] = amplitude * gain * fade * value + noise * random.gaussian();
  }
  return out;
}

/** 32×32 RGB, a coloured pattern on a noisy background. */
export function generateDemoImage(label: number, seed: number): RasterImage {
  const random = new SeededRandom(seed ^ 0x5bd1e995);
  const size = DEMO_IMAGE_SIZE;
  const data = new Uint8Array(size * size * 3);
  const colour = [random.int(90, 256), random.int(90, 256), random.int(90, 256)];
  const background = [random.int(0, 70), random.int(0, 70), random.int(0, 70)];
  const cx = random.uniform(11, 21);
  const cy = random.uniform(11, 21);
  const radius = random.uniform(6, 10);
  const period = random.int(4, 7);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = shapeCovers(DEMO_SHAPES[label]!, x - cx, y - cy, radius, period, x, y);
      for (let c = 0; c < 3; c++) {
        const base = inside ? colour[c]! : background[c]!;
        data[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, base + 25 * random.gaussian()));
      }
    }
  }
  return { width: size, height: size, channels: 3, data };
}

function shapeCovers(
  shape: (typeof DEMO_SHAPES)[number],
  dx: number,
  dy: number,
  r: number,
  period: number,
  x: number,
  y: number,
): boolean {
  const within = Math.abs(dx) <= r && Math.abs(dy) <= r;
  switch (shape) {
    case 'disc':
      return dx * dx + dy * dy <= r * r;
    case 'square':
      return within;
    case 'triangle':
      return within && dy >= -r + 2 * Math.abs(dx);
    case 'cross':
      return within && (Math.abs(dx) < r / 4 || Math.abs(dy) < r / 4);
    case 'h-stripes':
      return within && Math.floor(y / (period / 2)) % 2 === 0;
    case 'v-stripes':
      return within && Math.floor(x / (period / 2)) % 2 === 0;
    case 'ring': {
      const d = Math.sqrt(dx * dx + dy * dy);
      return d <= r && d >= r * 0.6;
    }
    case 'diagonal':
      return within && Math.abs(dx - dy) < r / 4;
    case 'checker':
      return within && (Math.floor(x / period) + Math.floor(y / period)) % 2 === 0;
    case 'dots':
      return within && x % period < 2 && y % period < 2;
  }
}
