import wavefile from 'wavefile';
import type { DecodedAudio } from '../../data/audio/wav';

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
