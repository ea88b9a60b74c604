import { PNG } from 'pngjs';
import wavefile from 'wavefile';
import type { DecodedAudio } from '../../data/audio/wav';
import type { RasterImage } from '../../data/image/raster';

/** Decoded audio as a 16-bit PCM WAV data URL that any <audio> element plays. */
export function wavDataUrl(audio: DecodedAudio): string {
  const pcm = new Int16Array(audio.samples.length);
  for (let i = 0; i < pcm.length; i++) {
    const s = Math.max(-1, Math.min(1, audio.samples[i]!));
    pcm[i] = Math.round(s * 32767);
  }
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, audio.sampleRate, '16', pcm);
  return wav.toDataURI();
}

/** Decoded pixels (gray, RGB or RGBA) as a PNG data URL. */
export function pngDataUrl(image: RasterImage): string {
  const png = new PNG({ width: image.width, height: image.height });
  for (let p = 0; p < image.width * image.height; p++) {
    const src = p * image.channels;
    const gray = image.channels === 1;
    png.data[p * 4] = image.data[src]!;
    png.data[p * 4 + 1] = image.data[gray ? src : src + 1]!;
    png.data[p * 4 + 2] = image.data[gray ? src : src + 2]!;
    png.data[p * 4 + 3] = image.channels === 4 ? image.data[src + 3]! : 255;
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}
