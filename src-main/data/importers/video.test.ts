import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetRecord } from '@shared/domain/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../../../tests/helpers/temp-home';
import {
  CLASS_LOOKS,
  makeClip,
  truncateClip,
  videoToolsOrSkipReason,
} from '../../../tests/support/video/make-clips';
import { drawnFrame } from '../cache/cached-feature-source';
import { DatasetLibrary } from '../library';
import { assignVideoSplits } from './video';

const { tools, skip } = videoToolsOrSkipReason();
if (skip) console.warn(`video import tests skipped: ${skip}`);

it('keeps every clip of a YouTube id in one split, declared or drawn', () => {
  const rows = ['a', 'a', 'b', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((group) => ({ group }));
  const { splits } = assignVideoSplits(
    rows,
    rows.map(() => 0),
    { val: 0.2, test: 0.3 },
    1,
  );
  expect(splits[0]).toBe(splits[1]);
  expect(splits[2]).toBe(splits[3]);
  expect(new Set(splits).size).toBe(3);
  const declared = assignVideoSplits(
    [
      { group: 'a', split: 'train' as const },
      { group: 'a', split: 'test' as const },
      { group: 'b', split: 'test' as const },
      { group: 'b' },
    ],
    [0, 0, 0, 0],
    { val: 0, test: 0.2 },
    1,
  );
  expect(declared.conflicts.get('a')).toBe('train, test');
  expect(declared.splits.slice(2)).toEqual(['test', 'test']);
});

describe.skipIf(!tools)('importing video clips', () => {
  const home = tempHome('avlab-video-import-');
  const videos = join(home.dir, 'videos');
  const data = join(home.dir, 'data');
  const vggCsv = join(home.dir, 'vggsound.csv');
  const lines: string[] = [];

  beforeAll(() => {
    mkdirSync(join(videos, 'sub'), { recursive: true });
    mkdirSync(data);
    const ffmpeg = tools!.ffmpeg;
    CLASS_LOOKS.forEach((look, c) => {
      for (let v = 0; v < 4; v++) {
        const ytid = `${look.name}Vid${v}`;
        // The first video of each class has two clips: they must share a split.
        const starts = v === 0 ? [0, 10] : [v];
        for (const start of starts) {
          const stem = `${ytid}_${String(start).padStart(6, '0')}`;
          // Clips in a subfolder are found too.
          const dir = v === 3 ? join(videos, 'sub') : videos;
          makeClip(ffmpeg, join(dir, `${stem}.mp4`), {
            seconds: 1.5,
            red: look.red,
            blue: look.blue,
            toneHz: look.toneHz,
            ...(c === 2 && v === 1 ? { audioRate: 48000, channels: 2 } : {}),
          });
          lines.push(`${ytid},${start},${look.name},${v === 2 ? 'test' : 'train'}`);
        }
      }
    });
    makeClip(ffmpeg, join(videos, 'muteVid_000000.mp4'), { seconds: 1.5, red: 1, blue: 1 });
    lines.push('muteVid,0,dog,train');
    makeClip(ffmpeg, join(videos, 'cutVid_000000.mp4'), {
      seconds: 1.5,
      red: 1,
      blue: 1,
      toneHz: 100,
    });
    truncateClip(join(videos, 'cutVid_000000.mp4'));
    lines.push('cutVid,0,dog,train');
    lines.push('goneVid,0,dog,train');
    writeFileSync(vggCsv, `${lines.join('\n')}\n`);
  });
  afterAll(() => home.remove());

  let record: DatasetRecord;
  it('imports a VGGSound-style folder, reporting unreadable, soundless and missing clips', async () => {
    const library = new DatasetLibrary(data);
    const report = await library.import('video', {
      csv: vggCsv,
      videos,
      format: 'vggsound',
      frames: 3,
      jobs: 2,
      features: { audioFrames: 100, imageSize: 16 },
    });
    record = library.get(report.datasetId);
    expect(record.kind).toBe('video');
    expect(record.task).toBe('single-label');
    expect(record.classes).toEqual(['bird', 'car', 'dog']);
    expect(record.samples).toHaveLength(15);
    expect(record.samples.every((s) => s.labels === undefined)).toBe(true);
    const reasons = report.rejected.map((r) => `${r.file.split('/').pop()}: ${r.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^vggsound\.csv:\d+: video not found \(goneVid_000000/),
        expect.stringMatching(/^muteVid_000000\.mp4: no audio track .*vggsound\.csv:\d+/),
        expect.stringMatching(
          /^cutVid_000000\.mp4: unreadable clip \(ffprobe: .*vggsound\.csv:\d+/,
        ),
      ]),
    );
    expect(report.rejected).toHaveLength(3);
    expect(report.video).toMatchObject({
      format: 'vggsound',
      frames: 3,
      clips: 17,
      extracted: 15,
      reused: 0,
      jobs: 2,
    });
    // 12 YouTube ids: the first of each class has two clips.
    expect(report.video?.grouping).toEqual({
      by: 'youtube-id',
      groups: 12,
      largestGroup: 2,
      clipsSharingGroup: 6,
    });
    // The label distribution per split and class.
    expect(report.classCounts.test).toEqual({ bird: 1, car: 1, dog: 1 });
    expect(
      Object.values(report.classCounts.train).reduce((a, b) => a + b, 0) +
        Object.values(report.classCounts.val).reduce((a, b) => a + b, 0),
    ).toBe(12);
  });

  it('moves the extracted files into the dataset folder, leaving no staging folder', () => {
    const datasetDir = join(data, 'datasets', record.id);
    for (const sample of record.samples) {
      expect(
        sample.audio.kind === 'file' && sample.audio.path.startsWith(`${datasetDir}/media/`),
      ).toBe(true);
      expect(sample.image.kind).toBe('frames');
      if (sample.image.kind !== 'frames') continue;
      expect(sample.image.paths).toHaveLength(3);
      for (const path of sample.image.paths) expect(existsSync(path)).toBe(true);
    }
    expect(readdirSync(join(data, 'datasets')).filter((n) => n.startsWith('.video-'))).toEqual([]);
  });

  it('keeps the two clips of one YouTube id in one split', () => {
    for (const look of CLASS_LOOKS) {
      const both = record.samples.filter((s) => s.id.startsWith(`${look.name}Vid0_`));
      expect(both).toHaveLength(2);
      expect(both[0]!.split).toBe(both[1]!.split);
    }
  });

  it('caches every frame: the middle one by default, a seeded draw when training asks', () => {
    const library = new DatasetLibrary(data);
    const source = library.features(record.id);
    try {
      expect(source.framesPerSample).toBe(3);
      expect(source.meta.imageRows).toBe(15 * 3);
      const sample = 0;
      const seedFor = (frame: number) => {
        for (let seed = 0; ; seed++) if (drawnFrame(seed, sample, 3) === frame) return seed;
      };
      const meanGreen = (visual: Float32Array) => {
        let sum = 0;
        for (let i = 1; i < visual.length; i += 3) sum += visual[i]!;
        return sum / (visual.length / 3);
      };
      const middle = source.batch([sample]).visual;
      const frames = [0, 1, 2].map((f) => source.batch([sample], { frameSeed: seedFor(f) }).visual);
      expect(frames[1]).toEqual(middle);
      // Green grows with time in the clips: the frames come in time order.
      expect(meanGreen(frames[0]!)).toBeLessThan(meanGreen(frames[1]!));
      expect(meanGreen(frames[1]!)).toBeLessThan(meanGreen(frames[2]!));
      // Reproducible, and spread over all frames across samples.
      const drawn = (seed: number) =>
        Array.from({ length: 15 }, (_, i) => drawnFrame(seed, i, 3)).join('');
      expect(drawn(7)).toBe(drawn(7));
      expect(new Set(drawn(7)).size).toBe(3);
    } finally {
      source.close();
    }
  });

  it('shows the middle frame as the sample image', () => {
    const library = new DatasetLibrary(data);
    const raw = library.sample(record.id, 0);
    expect([raw.image.width, raw.image.height]).toEqual([64, 48]);
    expect(raw.audio.sampleRate).toBe(16000);
  });

  it('resumes an interrupted extraction: finished clips are reused, scratch of a dead run removed', async () => {
    const library = new DatasetLibrary(data);
    const options = {
      csv: vggCsv,
      videos,
      format: 'vggsound' as const,
      frames: 2,
      jobs: 2,
      classes: ['bird'],
    };
    // One class only: refused after the extraction, which stays for the next attempt.
    await expect(library.import('video', options)).rejects.toThrow(/only one class/);
    const staging = readdirSync(join(data, 'datasets')).filter((n) => n.startsWith('.video-'));
    expect(staging).toHaveLength(1);
    const stagingDir = join(data, 'datasets', staging[0]!);
    const clips = readdirSync(stagingDir).sort();
    expect(clips).toHaveLength(5);
    // An interruption: two clips never finished, one was mid-way in a process now gone.
    rmSync(join(stagingDir, clips[0]!), { recursive: true });
    rmSync(join(stagingDir, clips[1]!), { recursive: true });
    mkdirSync(join(stagingDir, `${clips[1]}.part-999999-abcdef`));
    const report = await library.import('video', { ...options, classes: ['bird', 'car'] });
    // The car clips were never extracted with these settings; bird's three remaining are reused.
    expect(report.video).toMatchObject({ reused: 3, extracted: 2 + 5 });
    const media = readdirSync(join(data, 'datasets', report.datasetId, 'media'));
    expect(media.filter((name) => name.includes('.part-'))).toEqual([]);
    expect(readdirSync(join(data, 'datasets')).filter((n) => n.startsWith('.video-'))).toEqual([]);
  });

  it('moves only the clips the dataset uses; the others stay staged for a later import', async () => {
    const library = new DatasetLibrary(data);
    const options = { csv: vggCsv, videos, format: 'vggsound' as const, frames: 1, jobs: 2 };
    await expect(library.import('video', { ...options, classes: ['car'] })).rejects.toThrow(
      /only one class/,
    );
    const report = await library.import('video', { ...options, classes: ['bird', 'dog'] });
    expect(report.video).toMatchObject({ extracted: 10, reused: 0 });
    const media = readdirSync(join(data, 'datasets', report.datasetId, 'media'));
    expect(media).toHaveLength(10);
    expect(media.some((name) => name.startsWith('carVid'))).toBe(false);
    const staging = readdirSync(join(data, 'datasets')).filter((n) => n.startsWith('.video-'));
    expect(staging).toHaveLength(1);
    const left = readdirSync(join(data, 'datasets', staging[0]!));
    expect(left).toHaveLength(5);
    expect(left.every((name) => name.startsWith('carVid'))).toBe(true);
  });

  it('imports AudioSet segments as a multi-label dataset, counting every label of a clip', async () => {
    const library = new DatasetLibrary(data);
    const index = join(home.dir, 'class_labels_indices.csv');
    writeFileSync(
      index,
      'index,mid,display_name\n0,/m/b,"Bird"\n1,/m/c,"Car, vehicle"\n2,/m/d,"Dog"\n3,/m/x,"Unused"\n',
    );
    const segments = join(home.dir, 'eval_segments.csv');
    writeFileSync(
      segments,
      [
        '# Segments csv created for the test',
        '# YTID, start_seconds, end_seconds, positive_labels',
        'birdVid0, 0.000, 10.000, "/m/b,/m/c"',
        'birdVid0, 10.000, 20.000, "/m/b"',
        'carVid1, 1.000, 11.000, "/m/c,/m/d,/m/b"',
        'dogVid2, 2.000, 12.000, "/m/d"',
        'muteVid, 0.000, 10.000, "/m/d,/m/c"',
      ].join('\n'),
    );
    const report = await library.import('video', {
      csv: segments,
      videos,
      format: 'audioset',
      labels: index,
      frames: 2,
      jobs: 2,
      split: 'train',
      missingAudio: 'silent',
      valFraction: 0,
    });
    const ds = library.get(report.datasetId);
    expect(ds.task).toBe('multi-label');
    expect(report.task).toBe('multi-label');
    // Classes in the index's order, only those that occur.
    expect(ds.classes).toEqual(['Bird', 'Car, vehicle', 'Dog']);
    const byId = new Map(ds.samples.map((s) => [s.id, s]));
    expect(byId.get('carVid1_1')).toMatchObject({ label: 0, labels: [0, 1, 2] });
    expect(byId.get('birdVid0_10')).toMatchObject({ label: 0, labels: [0] });
    expect(byId.get('muteVid_0')).toMatchObject({ labels: [1, 2], audioMissing: true });
    expect(report.video?.noAudioTrack).toEqual(['muteVid_0']);
    expect(report.classCounts.train).toEqual({ Bird: 3, 'Car, vehicle': 3, Dog: 3 });
    expect(report.counts.train).toBe(5);
  });
});
