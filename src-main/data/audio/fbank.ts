import FFT from 'fft.js';

/**
 * Log-mel filterbank with the arithmetic of torchaudio.compliance.kaldi.fbank as CAV-MAE calls it:
 * htk_compat=True, use_energy=False, window_type='hanning', dither=0, frame_shift=10 ms, and the
 * Kaldi defaults behind them (25 ms frames, snip_edges, per-frame DC removal, pre-emphasis 0.97,
 * FFT size rounded up to a power of two, power spectrum, triangular mel filters from 20 Hz to
 * Nyquist on the 1127·ln(1 + f/700) scale, log floored at float32 epsilon).
 */
export interface FbankOptions {
  sampleRate: number;
  melBins: number;
  frameLengthMs?: number;
  frameShiftMs?: number;
  preemphasis?: number;
  lowFreq?: number;
}

/** torch.finfo(torch.float32).eps, the floor Kaldi's fbank puts under the log. */
const FLOAT32_EPSILON = 1.1920928955078125e-7;

const melScale = (hz: number) => 1127 * Math.log(1 + hz / 700);

/** Triangular filters, flattened: filter m uses weights[offset[m] .. offset[m+1]) from bin first[m]. */
interface MelFilters {
  first: Int32Array;
  offset: Int32Array;
  weights: Float64Array;
}

export class FbankExtractor {
  readonly sampleRate: number;
  readonly melBins: number;
  readonly windowSize: number;
  readonly windowShift: number;
  readonly fftSize: number;
  private readonly preemphasis: number;
  private readonly window: Float64Array;
  private readonly filters: MelFilters;
  private readonly fft: FFT;
  private readonly frame: Float64Array;
  /** fft.js output: interleaved re/im, only the first N/2 + 1 bins are filled by realTransform. */
  private readonly spectrum: number[];
  private readonly power: Float64Array;

  constructor(options: FbankOptions) {
    this.sampleRate = options.sampleRate;
    this.melBins = options.melBins;
    // Kaldi truncates, as torchaudio's int(...) does.
    this.windowSize = Math.trunc(options.sampleRate * (options.frameLengthMs ?? 25) * 0.001);
    this.windowShift = Math.trunc(options.sampleRate * (options.frameShiftMs ?? 10) * 0.001);
    this.fftSize = 2 ** Math.ceil(Math.log2(this.windowSize));
    this.preemphasis = options.preemphasis ?? 0.97;
    // Symmetric Hann (torch.hann_window(periodic=False)).
    this.window = new Float64Array(this.windowSize);
    for (let i = 0; i < this.windowSize; i++) {
      this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (this.windowSize - 1));
    }
    this.filters = melFilters(this.melBins, this.fftSize, this.sampleRate, options.lowFreq ?? 20);
    this.fft = new FFT(this.fftSize);
    this.frame = new Float64Array(this.fftSize);
    this.spectrum = this.fft.createComplexArray();
    this.power = new Float64Array(this.fftSize / 2 + 1);
  }

  /** Frames Kaldi takes from n samples with snip_edges: only whole windows. */
  frameCount(samples: number): number {
    return samples < this.windowSize
      ? 0
      : 1 + Math.floor((samples - this.windowSize) / this.windowShift);
  }

  /** Returns the log-mel filterbank, row-major [frames, melBins]. */
  compute(waveform: Float32Array): Float32Array {
    const frames = this.frameCount(waveform.length);
    const out = new Float32Array(frames * this.melBins);
    for (let f = 0; f < frames; f++) this.computeFrame(waveform, f, out);
    return out;
  }

  private computeFrame(waveform: Float32Array, frameIndex: number, out: Float32Array): void {
    const { frame, window, windowSize, power, spectrum } = this;
    const start = frameIndex * this.windowShift;
    let mean = 0;
    for (let i = 0; i < windowSize; i++) mean += waveform[start + i]!;
    mean /= windowSize;
    // Pre-emphasis runs backwards so that each step still sees the un-emphasised previous sample;
    // the first sample is emphasised against itself (torch pads with 'replicate').
    for (let i = windowSize - 1; i > 0; i--) {
      const current = waveform[start + i]! - mean;
      const previous = waveform[start + i - 1]! - mean;
      frame[i] = (current - this.preemphasis * previous) * window[i]!;
    }
    const head = waveform[start]! - mean;
    frame[0] = (head - this.preemphasis * head) * window[0]!;
    frame.fill(0, windowSize);
    this.fft.realTransform(spectrum, frame);
    for (let k = 0; k < power.length; k++) {
      const re = spectrum[2 * k]!;
      const im = spectrum[2 * k + 1]!;
      power[k] = re * re + im * im;
    }
    const row = frameIndex * this.melBins;
    const { first, offset, weights } = this.filters;
    for (let m = 0; m < this.melBins; m++) {
      const end = offset[m + 1]!;
      let bin = first[m]!;
      let energy = 0;
      for (let j = offset[m]!; j < end; j++) energy += weights[j]! * power[bin++]!;
      out[row + m] = Math.log(Math.max(energy, FLOAT32_EPSILON));
    }
  }
}

/** Triangular filters on the mel scale; each keeps only its non-zero span of FFT bins. */
function melFilters(
  bins: number,
  fftSize: number,
  sampleRate: number,
  lowFreq: number,
): MelFilters {
  const nyquist = sampleRate / 2;
  const binWidth = sampleRate / fftSize;
  const melLow = melScale(lowFreq);
  const melHigh = melScale(nyquist);
  const delta = (melHigh - melLow) / (bins + 1);
  // Kaldi uses bins 0 .. fftSize/2 - 1; the Nyquist bin gets weight 0 (torchaudio pads a zero column).
  const fftBins = fftSize / 2;
  const first = new Int32Array(bins);
  const offset = new Int32Array(bins + 1);
  const weights: number[] = [];
  for (let m = 0; m < bins; m++) {
    const left = melLow + m * delta;
    const centre = melLow + (m + 1) * delta;
    const right = melLow + (m + 2) * delta;
    let firstBin = -1;
    let lastBin = -1;
    const row: number[] = [];
    for (let k = 0; k < fftBins; k++) {
      const mel = melScale(binWidth * k);
      const weight = Math.max(
        0,
        Math.min((mel - left) / (centre - left), (right - mel) / (right - centre)),
      );
      row.push(weight);
      if (weight > 0) {
        if (firstBin < 0) firstBin = k;
        lastBin = k;
      }
    }
    first[m] = Math.max(firstBin, 0);
    if (firstBin >= 0) weights.push(...row.slice(firstBin, lastBin + 1));
    offset[m + 1] = weights.length;
  }
  return { first, offset, weights: Float64Array.from(weights) };
}

/**
 * Pads with zero rows or crops (keeping the start) to `frames` rows, as CAV-MAE does before
 * normalisation. Input and output are [frames, melBins].
 */
export function padOrCropFrames(
  fbank: Float32Array,
  melBins: number,
  frames: number,
): Float32Array {
  if (fbank.length === frames * melBins) return fbank;
  const out = new Float32Array(frames * melBins);
  out.set(fbank.subarray(0, Math.min(fbank.length, out.length)));
  return out;
}
