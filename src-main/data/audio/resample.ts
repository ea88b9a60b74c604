/**
 * Band-limited resampling by windowed sinc (Hann window), polyphase: the same kernel and output
 * grid as torchaudio.functional.resample with its defaults (lowpass_filter_width 6, rolloff 0.99),
 * which is what CAV-MAE-style pipelines feed their fbank. The cut-off sits at 0.99 × the lower
 * Nyquist, so downsampling does not alias.
 *
 * wavefile's own `toSampleRate` is not used: its sinc mode has 2 taps by default, maps output
 * times with (n-1)/m instead of n/m and needs a separate IIR/FIR low-pass when downsampling.
 */
export interface ResampleOptions {
  lowpassFilterWidth?: number;
  rolloff?: number;
}

interface PolyphaseKernel {
  /** Reduced rates: the input advances `orig` samples for every `next` output samples. */
  orig: number;
  next: number;
  /** Taps on each side beyond the current input block. */
  width: number;
  /** [next, 2 * width + orig] taps, phase-major. */
  taps: Float64Array;
  tapCount: number;
}

const kernelCache = new Map<string, PolyphaseKernel>();

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function polyphaseKernel(from: number, to: number, width6: number, rolloff: number) {
  const key = `${from}:${to}:${width6}:${rolloff}`;
  const cached = kernelCache.get(key);
  if (cached) return cached;
  const divisor = gcd(from, to);
  const orig = from / divisor;
  const next = to / divisor;
  const baseFreq = Math.min(orig, next) * rolloff;
  const width = Math.ceil((width6 * orig) / baseFreq);
  const tapCount = 2 * width + orig;
  const taps = new Float64Array(next * tapCount);
  const scale = baseFreq / orig;
  for (let phase = 0; phase < next; phase++) {
    for (let k = 0; k < tapCount; k++) {
      // Distance (in input samples) between tap k and the output instant of this phase.
      let t = ((k - width) / orig - phase / next) * baseFreq;
      t = Math.max(-width6, Math.min(width6, t));
      const window = Math.cos((t * Math.PI) / width6 / 2) ** 2;
      const x = t * Math.PI;
      const sinc = x === 0 ? 1 : Math.sin(x) / x;
      taps[phase * tapCount + k] = sinc * window * scale;
    }
  }
  const kernel = { orig, next, width, taps, tapCount };
  kernelCache.set(key, kernel);
  return kernel;
}

/** Resamples mono PCM from `from` Hz to `to` Hz; output length is ceil(n · to / from). */
export function resample(
  input: Float32Array,
  from: number,
  to: number,
  options: ResampleOptions = {},
): Float32Array {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from <= 0 || to <= 0) {
    throw new RangeError(`sample rates must be positive integers (got ${from} → ${to})`);
  }
  if (from === to) return input.slice();
  const { orig, next, width, taps, tapCount } = polyphaseKernel(
    from,
    to,
    options.lowpassFilterWidth ?? 6,
    options.rolloff ?? 0.99,
  );
  const length = input.length;
  const outLength = Math.ceil((next * length) / orig);
  const output = new Float32Array(outLength);
  // Output n = block·next + phase reads padded input [block·orig, block·orig + tapCount), where
  // the padding is `width` zeros in front: original index = block·orig + k - width.
  for (let n = 0; n < outLength; n++) {
    const block = Math.floor(n / next);
    const phase = n - block * next;
    const start = block * orig - width;
    const row = phase * tapCount;
    const kFrom = Math.max(0, -start);
    const kTo = Math.min(tapCount, length - start);
    let sum = 0;
    for (let k = kFrom; k < kTo; k++) sum += taps[row + k]! * input[start + k]!;
    output[n] = sum;
  }
  return output;
}

/** Pads with zeros or crops (from the start) to exactly `length` samples. */
export function padOrCrop(input: Float32Array, length: number): Float32Array {
  if (input.length === length) return input;
  const output = new Float32Array(length);
  output.set(input.subarray(0, Math.min(length, input.length)));
  return output;
}
