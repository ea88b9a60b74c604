import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SampleListItem, SampleView } from '@shared/api/methods/datasets';
import type { ImportReport } from '@shared/domain/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../../../tests/helpers/temp-home';
import { makeClip, videoToolsOrSkipReason } from '../../../tests/support/video/make-clips';
import { dispatch } from '../dispatch';
import { type ApiRuntime, startApiRuntime } from '../runtime';

// A video dataset through the API: the import (ffmpeg paths from Settings), and the browser's
// view of a sample (its frames, all its labels, a clip kept without sound).
const { tools, skip } = videoToolsOrSkipReason();
if (skip) console.warn(`video dataset API tests skipped: ${skip}`);

async function call<T>(runtime: ApiRuntime, method: string, params: unknown): Promise<T> {
  const envelope = await dispatch(runtime.handlers, method, params);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.result as T;
}

describe.skipIf(!tools)('a video dataset through the API', () => {
  const home = tempHome('avlab-video-api-');
  const videos = join(home.dir, 'videos');
  const manifest = join(home.dir, 'clips.csv');
  let runtime: ApiRuntime;
  let report: ImportReport;

  beforeAll(async () => {
    mkdirSync(videos);
    makeClip(tools!.ffmpeg, join(videos, 'a.mp4'), { seconds: 2, red: 200, blue: 0, toneHz: 300 });
    makeClip(tools!.ffmpeg, join(videos, 'b.mp4'), { seconds: 2, red: 0, blue: 200, toneHz: 600 });
    makeClip(tools!.ffmpeg, join(videos, 'c.mp4'), { seconds: 2, red: 90, blue: 90 });
    writeFileSync(
      manifest,
      'video,label,split\na.mp4,dog;cat,train\nb.mp4,cat,train\nc.mp4,bird,test\n',
    );
    runtime = startApiRuntime({
      home: join(home.dir, 'home'),
      transport: 'cli',
      startQueue: false,
    });
    await call(runtime, 'settings.update', {
      ffmpegPath: tools!.ffmpeg,
      ffprobePath: tools!.ffprobe,
    });
    report = await call<ImportReport>(runtime, 'datasets.import', {
      kind: 'video',
      options: {
        csv: manifest,
        videos,
        format: 'manifest',
        frames: 5,
        missingAudio: 'silent',
        valFraction: 0,
        features: { audioFrames: 50, imageSize: 8 },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await runtime.close();
    home.remove();
  });

  it('runs ffmpeg from the paths set in Settings and says so in the report', () => {
    expect(report.video?.tools).toEqual({
      ffmpeg: tools!.ffmpeg,
      ffprobe: tools!.ffprobe,
      source: 'settings',
    });
    expect(report.task).toBe('multi-label');
  });

  it('refuses an ffmpeg path in Settings that is no program, naming it', async () => {
    await call(runtime, 'settings.update', { ffmpegPath: '/nowhere/ffmpeg' });
    const envelope = await dispatch(runtime.handlers, 'datasets.import', {
      kind: 'video',
      options: { csv: manifest, videos, format: 'manifest' },
    });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.kind).toBe('unavailable');
      expect(envelope.error.message).toMatch(/ffmpeg not found.*\/nowhere\/ffmpeg/);
    }
    await call(runtime, 'settings.update', { ffmpegPath: null });
  });

  it('asks for the AudioSet class index by its field before any work', async () => {
    const envelope = await dispatch(runtime.handlers, 'datasets.import', {
      kind: 'video',
      options: { csv: manifest, videos, format: 'audioset' },
    });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.kind).toBe('invalid_request');
      expect((envelope.error.issues ?? []).map((i) => i.field)).toEqual(['params.options.labels']);
    }
  });

  it('shows a sample’s frames in time order, all its labels, and that it had no sound', async () => {
    const list = await call<{ items: SampleListItem[] }>(runtime, 'datasets.samples', {
      id: report.datasetId,
    });
    const a = list.items.find((s) => s.id === 'a.mp4')!;
    expect(a.classNames).toEqual(['cat', 'dog']);
    const view = await call<SampleView>(runtime, 'datasets.sample', {
      id: report.datasetId,
      index: a.index,
    });
    expect(view.title).toBe('a.mp4');
    expect(view.classNames).toEqual(['cat', 'dog']);
    expect(view.frames).toHaveLength(5);
    expect(view.frames!.map((f) => f.seconds)).toEqual([0.2, 0.6, 1, 1.4, 1.8]);
    expect(view.frames![0]!.src).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(view.audioMissing).toBeUndefined();
    expect(view.audioWav).toMatch(/^data:audio\/wav/);
    const c = list.items.find((s) => s.id === 'c.mp4')!;
    const mute = await call<SampleView>(runtime, 'datasets.sample', {
      id: report.datasetId,
      index: c.index,
    });
    expect(mute.audioMissing).toBe(true);
  });

  it('lists a multi-label sample under each of its classes', async () => {
    const classes = ['bird', 'cat', 'dog'];
    const ids = async (label: number) =>
      (
        await call<{ items: SampleListItem[] }>(runtime, 'datasets.samples', {
          id: report.datasetId,
          label,
        })
      ).items.map((s) => s.id);
    expect(await ids(classes.indexOf('cat'))).toEqual(['a.mp4', 'b.mp4']);
    expect(await ids(classes.indexOf('dog'))).toEqual(['a.mp4']);
  });
});
