// @vitest-environment jsdom
import type { ImportReport } from '@shared/domain/dataset';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { DatasetsPage } from './DatasetsPage';
import { importRequest } from './ImportOptionsForm';
import { ImportReportView } from './ImportReportView';

afterEach(cleanup);

it('builds the video import request: paths, then the format, then AudioSet’s class index', () => {
  expect(importRequest('video', {})).toBe('Give the csv and videos paths to import.');
  const paths = { csv: '/d/vggsound.csv', videos: '/d/video' };
  expect(importRequest('video', paths)).toMatch(/^Choose the label CSV format/);
  expect(importRequest('video', { ...paths, format: 'audioset' })).toMatch(/class index/);
  expect(
    importRequest('video', { ...paths, format: 'vggsound', frames: 10, jobs: 2, fsdd: '/x' }),
  ).toEqual({
    kind: 'video',
    options: { ...paths, format: 'vggsound', frames: 10, jobs: 2 },
  });
  expect(importRequest('video', { ...paths, format: 'vggsound', frames: 100 })).toMatch(
    /^frames: Too big/,
  );
});

const report: ImportReport = {
  datasetId: 'eval-segments-1a2b3c',
  name: 'eval_segments',
  kind: 'video',
  task: 'multi-label',
  counts: { train: 2, val: 0, test: 0 },
  classCounts: {
    train: { Speech: 2, Dog: 1 },
    val: { Speech: 0, Dog: 0 },
    test: { Speech: 0, Dog: 0 },
  },
  rejected: [],
  options: {},
  importSeconds: 3,
  video: {
    format: 'audioset',
    frames: 10,
    clips: 3,
    extracted: 1,
    reused: 2,
    jobs: 2,
    extractSeconds: 1.2,
    noAudioTrack: ['abc_30'],
    silent: [],
    tools: { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'PATH' },
    grouping: { by: 'youtube-id', groups: 2, largestGroup: 2, clipsSharingGroup: 2 },
  },
};

it('shows the label distribution and what the video importer did', () => {
  renderWithApi(<ImportReportView report={report} />, fakeApi({}));
  expect(screen.getByTestId('video-import-summary').textContent).toContain(
    '3 clips found (audioset): 1 extracted, 2 reused from an earlier run',
  );
  expect(screen.getByText(/abc_30/)).toBeTruthy();
  expect(screen.getByTestId('video-import-summary').textContent).toContain(
    'Splits by whole YouTube id: 2 groups, the largest 2 clips; none is in two splits.',
  );
  expect(screen.getByText(/each label of a sample counts/)).toBeTruthy();
  const rows = [...screen.getByTestId('class-counts').querySelectorAll('tbody tr')].map(
    (tr) => tr.textContent,
  );
  expect(rows[0]).toBe('train213');
});

it('marks a multi-label dataset in the list', async () => {
  const summary = {
    id: 'eval-segments-1a2b3c',
    name: 'eval_segments',
    kind: 'video' as const,
    classes: ['Dog', 'Speech'],
    counts: { train: 2, val: 0, test: 0 },
    createdAt: '2026-12-01T00:00:00.000Z',
  };
  renderWithApi(
    <DatasetsPage />,
    fakeApi({
      'datasets.list': () => [
        { ...summary, task: 'multi-label' },
        { ...summary, id: 'vggsound-4d5e6f', name: 'vggsound', task: 'single-label' },
      ],
    }),
  );
  const badges = await screen.findAllByTestId('multi-label-badge');
  expect(badges).toHaveLength(1);
  expect(badges[0]!.closest('tr')!.textContent).toContain('eval_segments');
});
