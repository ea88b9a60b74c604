import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../../../tests/helpers/temp-home';
import {
  GREEN_PER_SECOND,
  makeClip,
  truncateClip,
  videoToolsOrSkipReason,
  writeNotAVideo,
} from '../../../tests/support/video/make-clips';
import { decodeWav } from '../audio/wav';
import { DecodeError } from '../decode-error';
import { decodeImage } from '../image/decode-image';
import { AUDIO_FILE, type ExtractionSettings, extractClip, frameTimes } from './extract-clip';
import { findVideoTools, MissingVideoToolError } from './video-tools';

const { tools, skip } = videoToolsOrSkipReason();
if (skip) console.warn(`extract-clip tests skipped: ${skip}`);

const settings: ExtractionSettings = {
  sampleRate: 16000,
  frames: 10,
  frameShortSide: 224,
  missingAudio: 'reject',
};

function centrePixel(path: string): [number, number, number] {
  const image = decodeImage(readFileSync(path), path, 1e8);
  const at =
    (Math.floor(image.height / 2) * image.width + Math.floor(image.width / 2)) * image.channels;
  return [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!];
}

it('frame times are the middles of k equal segments of the clip', () => {
  expect(frameTimes(4, 4)).toEqual([0.5, 1.5, 2.5, 3.5]);
  expect(frameTimes(10, 10)[0]).toBeCloseTo(0.5);
  expect(frameTimes(10, 10)[9]).toBeCloseTo(9.5);
});

it('a set ffmpeg path that is not an executable is an error naming the tool and the path', () => {
  expect(() => findVideoTools({ ffmpegPath: '/nonexistent/ffmpeg' })).toThrow(
    MissingVideoToolError,
  );
  expect(() => findVideoTools({ ffmpegPath: '/nonexistent/ffmpeg' })).toThrow(
    /ffmpeg not found.*\/nonexistent\/ffmpeg.*Settings/,
  );
});

describe.skipIf(!tools)('extracting a clip with ffmpeg', () => {
  const home = tempHome('avlab-extract-');
  const clips = join(home.dir, 'clips');
  const out = join(home.dir, 'out');
  beforeAll(() => {
    mkdirSync(clips);
    mkdirSync(out);
    const ffmpeg = tools!.ffmpeg;
    makeClip(ffmpeg, join(clips, 'tone.mp4'), { seconds: 4, red: 200, blue: 30, toneHz: 440 });
    makeClip(ffmpeg, join(clips, 'stereo48k.mp4'), {
      seconds: 3,
      red: 30,
      blue: 200,
      toneHz: 1000,
      audioRate: 48000,
      channels: 2,
    });
    makeClip(ffmpeg, join(clips, 'still.mp4'), {
      seconds: 4,
      red: 50,
      blue: 50,
      toneHz: 200,
      fps: 0.5,
    });
    makeClip(ffmpeg, join(clips, 'mute.mp4'), { seconds: 2, red: 90, blue: 90 });
    makeClip(ffmpeg, join(clips, 'hush.mp4'), { seconds: 2, red: 90, blue: 90, silentAudio: true });
    makeClip(ffmpeg, join(clips, 'cut.mp4'), { seconds: 3, red: 10, blue: 10, toneHz: 300 });
    truncateClip(join(clips, 'cut.mp4'));
    writeNotAVideo(join(clips, 'text.mp4'));
  });
  afterAll(() => home.remove());

  it('takes k frames at the segment middles (the frames show the time they were taken)', async () => {
    const clip = await extractClip(tools!, join(clips, 'tone.mp4'), join(out, 'tone'), settings);
    expect(clip.frameFiles).toHaveLength(10);
    expect(clip.frameTimes).toEqual(frameTimes(4, 10));
    clip.frameFiles.forEach((name, i) => {
      const [red, green, blue] = centrePixel(join(out, 'tone', name));
      // Green encodes the time of the frame (H.264 and JPEG shift colours by a few levels).
      expect(Math.abs(green - GREEN_PER_SECOND * clip.frameTimes[i]!)).toBeLessThan(8);
      expect(Math.abs(red - 200)).toBeLessThan(12);
      expect(Math.abs(blue - 30)).toBeLessThan(12);
    });
    // Never enlarged: a 64×48 clip keeps its size.
    const first = decodeImage(readFileSync(join(out, 'tone', clip.frameFiles[0]!)), 'f', 1e8);
    expect([first.width, first.height]).toEqual([64, 48]);
  });

  it('takes the picture on screen at each time from a video with fewer frames than asked', async () => {
    // Frames at 0 s and 2 s only: times 0.5, 1.5 show the first, 2.5, 3.5 the second.
    const clip = await extractClip(tools!, join(clips, 'still.mp4'), join(out, 'still'), {
      ...settings,
      frames: 4,
    });
    const greens = clip.frameFiles.map((name) => centrePixel(join(out, 'still', name))[1]);
    expect(greens.map((g) => Math.round(g / GREEN_PER_SECOND))).toEqual([0, 0, 2, 2]);
  });

  it('writes the audio track as mono WAV at the dataset rate, as long as the clip', async () => {
    const clip = await extractClip(tools!, join(clips, 'tone.mp4'), join(out, 'tone2'), settings);
    const wav = decodeWav(readFileSync(join(out, 'tone2', AUDIO_FILE)), AUDIO_FILE);
    expect(wav.sampleRate).toBe(16000);
    expect(wav.channels).toBe(1);
    expect(Math.abs(wav.samples.length / 16000 - 4)).toBeLessThan(0.05);
    expect(clip.audioSeconds).toBeCloseTo(wav.samples.length / 16000, 5);
    expect(clip.hasAudio).toBe(true);
    expect(clip.silent).toBe(false);
  });

  it('downmixes a 48 kHz stereo track and resamples it to the dataset rate', async () => {
    const clip = await extractClip(tools!, join(clips, 'stereo48k.mp4'), join(out, 'stereo'), {
      ...settings,
      sampleRate: 8000,
      frames: 3,
    });
    const wav = decodeWav(readFileSync(join(out, 'stereo', AUDIO_FILE)), AUDIO_FILE);
    expect(wav.sampleRate).toBe(8000);
    expect(wav.channels).toBe(1);
    expect(Math.abs(wav.samples.length / 8000 - 3)).toBeLessThan(0.05);
    // A 1 kHz tone: about 2000 zero crossings a second survive the downmix and resampling.
    let crossings = 0;
    for (let i = 1; i < wav.samples.length; i++)
      if (Math.sign(wav.samples[i]!) !== Math.sign(wav.samples[i - 1]!)) crossings++;
    expect(crossings / clip.audioSeconds).toBeGreaterThan(1900);
    expect(crossings / clip.audioSeconds).toBeLessThan(2100);
  });

  it('rejects a clip without an audio track by default, naming the clip', async () => {
    const attempt = extractClip(tools!, join(clips, 'mute.mp4'), join(out, 'mute'), settings);
    await expect(attempt).rejects.toThrow(DecodeError);
    await expect(attempt).rejects.toThrow(/mute\.mp4: no audio track/);
    expect(existsSync(join(out, 'mute'))).toBe(false);
  });

  it('keeps a clip without an audio track as silent audio of its length when asked', async () => {
    const clip = await extractClip(tools!, join(clips, 'mute.mp4'), join(out, 'mute-kept'), {
      ...settings,
      missingAudio: 'silent',
    });
    expect(clip.hasAudio).toBe(false);
    const wav = decodeWav(readFileSync(join(out, 'mute-kept', AUDIO_FILE)), AUDIO_FILE);
    expect(Math.abs(wav.samples.length / 16000 - 2)).toBeLessThan(0.05);
    expect(wav.samples.every((v) => v === 0)).toBe(true);
    expect(clip.frameFiles).toHaveLength(10);
  });

  it('flags a clip whose audio track is silent', async () => {
    const clip = await extractClip(tools!, join(clips, 'hush.mp4'), join(out, 'hush'), settings);
    expect(clip.hasAudio).toBe(true);
    expect(clip.silent).toBe(true);
  });

  it('reports a truncated file and a non-video as unreadable, leaving nothing behind', async () => {
    for (const name of ['cut.mp4', 'text.mp4']) {
      const attempt = extractClip(tools!, join(clips, name), join(out, name), settings);
      await expect(attempt).rejects.toThrow(
        new RegExp(`${name.replace('.', '\\.')}: unreadable clip`),
      );
      expect(existsSync(join(out, name))).toBe(false);
    }
  });
});
