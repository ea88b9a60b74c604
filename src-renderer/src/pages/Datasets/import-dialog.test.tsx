// @vitest-environment jsdom
import type { ImportReport } from '@shared/domain/dataset';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { ImportDialog } from './ImportDialog';

const report: ImportReport = {
  datasetId: 'us8k-av-1a2b3c',
  name: 'UrbanSound8K-AV',
  kind: 'manifest',
  counts: { train: 8, val: 1, test: 2 },
  classCounts: { train: { dog: 4, siren: 4 }, val: { dog: 1 }, test: { dog: 1, siren: 1 } },
  rejected: [
    { file: 'audio/17.wav', reason: 'not a RIFF/WAVE file' },
    { file: 'frames/9.png', reason: 'missing' },
  ],
  options: { file: '/data/us8k/manifest.csv' },
  importSeconds: 1.5,
};

afterEach(cleanup);

describe('import dialog', () => {
  it('sends the manifest import and lists every rejected file with its reason', async () => {
    const api = fakeApi({ 'datasets.import': () => report, 'datasets.list': () => [] });
    renderWithApi(<ImportDialog opened onClose={() => {}} />, api);
    fireEvent.click(await screen.findByText('CSV manifest'));
    const start = screen.getByTestId('start-import');
    expect(start.hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Give the file path to import.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Manifest CSV/), {
      target: { value: '/data/us8k/manifest.csv' },
    });
    fireEvent.click(start);
    const table = await screen.findByTestId('rejected-files', {}, { timeout: 10_000 });
    expect(api.calls.find((c) => c.method === 'datasets.import')?.params).toEqual({
      kind: 'manifest',
      options: { file: '/data/us8k/manifest.csv' },
    });
    expect(screen.getByText('2 files rejected')).toBeTruthy();
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => tr.textContent);
    expect(rows).toEqual(['audio/17.wavnot a RIFF/WAVE file', 'frames/9.pngmissing']);
  });

  it('shows the error of a failed import in the dialog', async () => {
    const api = fakeApi({
      'datasets.import': () => {
        throw new Error('manifest.csv line 3: no column "label"');
      },
    });
    renderWithApi(<ImportDialog opened onClose={() => {}} />, api);
    fireEvent.click(await screen.findByTestId('start-import'));
    await waitFor(
      () => expect(screen.getByText('manifest.csv line 3: no column "label"')).toBeTruthy(),
      { timeout: 10_000 },
    );
  });
});
