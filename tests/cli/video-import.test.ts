import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDetail } from '@shared/api/methods/runs';
import type { ImportReport } from '@shared/domain/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avlabJson, avlabSpawn, avlabText } from '../helpers/cli';
import { tempHome } from '../helpers/temp-home';
import { CLASS_LOOKS, makeClip, videoToolsOrSkipReason } from '../support/video/make-clips';

// avlab dataset import video end to end: a VGGSound-style folder made here with ffmpeg, an
// extraction killed mid-way and resumed, then a micro training run on the imported dataset.
const { tools, skip } = videoToolsOrSkipReason();
if (skip) console.warn(`video import CLI tests skipped: ${skip}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!tools)('avlab dataset import video', () => {
  const home = tempHome('avlab-video-cli-');
  const videos = join(home.dir, 'videos');
  const csv = join(home.dir, 'vggsound.csv');
  const data = join(home.dir, 'data');
  const importArgs = [
    'dataset',
    'import',
    'video',
    '--csv',
    csv,
    '--videos',
    videos,
    '--format',
    'vggsound',
    '--frames',
    '4',
    '--jobs',
    '1',
    '--image-size',
    '32',
    '--audio-frames',
    '100',
  ];

  beforeAll(() => {
    mkdirSync(videos);
    const lines: string[] = [];
    for (const look of CLASS_LOOKS) {
      for (let v = 0; v < 6; v++) {
        const id = `${look.name}${v}`;
        makeClip(tools!.ffmpeg, join(videos, `${id}_000000.mp4`), {
          seconds: 1,
          red: look.red,
          blue: look.blue,
          toneHz: look.toneHz,
        });
        lines.push(`${id},0,${look.name},${v === 5 ? 'test' : 'train'}`);
      }
    }
    writeFileSync(csv, `${lines.join('\n')}\n`);
  });
  afterAll(() => home.remove());

  let report: ImportReport;
  it('resumes an import killed mid-extraction, reusing the clips already extracted', async () => {
    const child = avlabSpawn(data, importArgs);
    const datasets = join(data, 'datasets');
    const finished = () => {
      if (!existsSync(datasets)) return 0;
      const staging = readdirSync(datasets).find((n) => n.startsWith('.video-'));
      if (!staging) return 0;
      const dir = join(datasets, staging);
      return readdirSync(dir).filter((n) => existsSync(join(dir, n, 'clip.json'))).length;
    };
    const deadline = Date.now() + 120_000;
    while (finished() < 3 && Date.now() < deadline) await sleep(50);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = finished();
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(18);

    report = avlabJson<ImportReport>(data, importArgs);
    expect(report.video?.reused).toBe(before);
    expect(report.video?.extracted).toBe(18 - before);
    expect(report.counts.train + report.counts.val + report.counts.test).toBe(18);
    expect(report.counts.test).toBe(3);
    expect(report.rejected).toEqual([]);
  });

  it('prints the label distribution and the video summary in the text report', () => {
    const text = avlabText(data, ['dataset', 'inspect', report.datasetId]);
    expect(text).toContain('bird');
    const again = avlabText(data, [...importArgs, '--name', 'again']);
    expect(again).toMatch(/video \(vggsound\): 18 clip\(s\) found, 18 extracted and 0 reused/);
    expect(again).toMatch(
      /label distribution \(samples per class\):\n {2}bird +train \d+, val \d+, test 1/,
    );
  });

  it('trains a micro model on the imported single-label dataset', () => {
    const run = avlabJson<RunDetail>(data, [
      'train',
      '--dataset',
      report.datasetId,
      '--method',
      'ft',
      '--preset',
      'micro',
      '--epochs',
      '1',
      '--batch-size',
      '8',
      '--lr',
      '0.003',
      '--seed',
      '3',
    ]);
    expect(run.run.status).toBe('done');
    expect(run.epochs).toHaveLength(1);
    expect(Number.isFinite(run.epochs[0]!.trainLoss)).toBe(true);
  });
});

describe.skipIf(!tools)('avlab dataset import video --format audioset', () => {
  const home = tempHome('avlab-audioset-cli-');
  const videos = join(home.dir, 'videos');
  const data = join(home.dir, 'data');
  const segments = join(home.dir, 'balanced_train_segments.csv');
  const index = join(home.dir, 'class_labels_indices.csv');

  beforeAll(() => {
    mkdirSync(videos);
    writeFileSync(
      index,
      'index,mid,display_name\n0,/m/b,"Bird"\n1,/m/c,"Car, vehicle"\n2,/m/d,"Dog"\n',
    );
    const mids = ['/m/b', '/m/c', '/m/d'];
    const rows = ['# YTID, start_seconds, end_seconds, positive_labels'];
    for (let v = 0; v < 12; v++) {
      const look = CLASS_LOOKS[v % 3]!;
      makeClip(tools!.ffmpeg, join(videos, `yt${v}_000030.mp4`), {
        seconds: 1,
        red: look.red,
        blue: look.blue,
        toneHz: look.toneHz,
      });
      // Every other clip has a second label.
      const labels = v % 2 ? [mids[v % 3]!, mids[(v + 1) % 3]!] : [mids[v % 3]!];
      rows.push(`yt${v}, 30.000, 40.000, "${labels.join(',')}"`);
    }
    writeFileSync(segments, `${rows.join('\n')}\n`);
  });
  afterAll(() => home.remove());

  it('imports a multi-label dataset and trains a micro model on it, evaluated by mAP', () => {
    const report = avlabJson<ImportReport>(data, [
      'dataset',
      'import',
      'video',
      '--csv',
      segments,
      '--videos',
      videos,
      '--format',
      'audioset',
      '--labels',
      index,
      '--frames',
      '3',
      '--image-size',
      '32',
      '--audio-frames',
      '100',
    ]);
    expect(report.task).toBe('multi-label');
    expect(report.counts.train + report.counts.val + report.counts.test).toBe(12);
    const labels = Object.values(report.classCounts).flatMap((c) => Object.values(c));
    expect(labels.reduce((a, b) => a + b, 0)).toBe(18);
    const run = avlabJson<RunDetail>(data, [
      'train',
      '--dataset',
      report.datasetId,
      '--method',
      'ft',
      '--preset',
      'micro',
      '--epochs',
      '1',
      '--batch-size',
      '4',
      '--lr',
      '0.003',
      '--seed',
      '1',
    ]);
    expect(run.run.status).toBe('done');
    const scores = run.evaluations.find((e) => e.case === 'complete')?.multiLabel;
    expect(scores?.perClassAp).toHaveLength(3);
    expect(scores?.map).toBeGreaterThanOrEqual(0);
  });
});
