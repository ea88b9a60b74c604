// @vitest-environment jsdom
import type { BackboneSummary } from '@shared/domain/backbone';
import type { DatasetSummary } from '@shared/domain/dataset';
import { ModelConfigSchema } from '@shared/domain/model';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { BackboneSource } from './BackboneSource';
import { defaultDraft, type ScenarioDraft } from './scenario-draft';

/** A ViT-B CAV-MAE as `avlab backbone import` lists it (the released layout). */
const vitB: BackboneSummary = {
  id: '0123456789abcdef',
  name: 'cav-mae-scale++',
  kind: 'cav-mae',
  pretrained: false,
  sourceFile: '/models/as-46.6.pth',
  sourceSha256: 'f'.repeat(64),
  importedAt: '2026-11-30T10:00:00Z',
  config: ModelConfigSchema.parse({
    preset: 'cav-mae',
    dim: 768,
    heads: 12,
    mlpRatio: 4,
    audioBlocks: 11,
    visualBlocks: 11,
    fusionBlocks: 0,
    jointBlocks: 1,
    audioFrames: 1024,
    melBins: 128,
    audioPatch: 16,
    imageSize: 224,
    imageChannels: 3,
    imagePatch: 16,
    numClasses: 527,
    inputPromptLength: 16,
    attentionPromptLength: 16,
    inputPromptMode: 'deep',
    loraRank: 16,
    adapterBottleneck: 64,
    dropout: 0,
  }),
  ignored: 176,
};
const dataset = {
  id: 'd',
  name: 'clips',
  kind: 'manifest',
  classes: ['a', 'b'],
  counts: { train: 1200, val: 100, test: 100 },
  createdAt: '',
} as DatasetSummary;

let latest: ScenarioDraft;
function Harness() {
  const [draft, setDraft] = useState(() => defaultDraft('d'));
  latest = draft;
  return <BackboneSource draft={draft} update={(f) => setDraft(f)} errors={{}} dataset={dataset} />;
}

function setup(backendsInstalled: string[]) {
  renderWithApi(
    <Harness />,
    fakeApi({
      'backbones.list': () => [vitB],
      'app.info': () => ({ backendsInstalled }) as never,
    }),
  );
}

async function chooseImported() {
  fireEvent.click(screen.getByTestId('wizard-backbone-from'));
  fireEvent.click(
    await screen.findByRole('option', {
      name: /cav-mae-scale\+\+ — imported CAV-MAE/,
      hidden: true,
    }),
  );
}

afterEach(cleanup);

describe('the wizard starts from an imported backbone', () => {
  it('shows the preset until a backbone is chosen, then its origin, fusion blocks and cost', async () => {
    setup(['wasm', 'cpu']);
    expect(screen.getByTestId('wizard-preset')).toBeTruthy();
    await chooseImported();
    expect(latest.backbone).toMatchObject({ from: vitB.id, recipe: {} });
    expect(screen.queryByTestId('wizard-preset')).toBeNull();
    const origin = screen.getByTestId('backbone-origin').textContent!;
    expect(origin).toContain('/models/as-46.6.pth');
    expect(origin).toContain('ffffffffffff…');
    expect(origin).toContain('11 audio + 11 visual + 1 unified');
    expect(origin).toContain('1024 frames × 128 mel bins and 224 px');
    // forwardFlopsPerSample of ViT-B CAV-MAE with one fusion block, ×3 for a training step.
    const cost = await screen.findByText(/GFLOP per sample/);
    expect(cost.textContent).toMatch(/about 4\d\d\.\d GFLOP per sample/);
    expect(screen.getByText('This needs a GPU')).toBeTruthy();
    fireEvent.change(screen.getByTestId('wizard-fusion-blocks'), { target: { value: '2' } });
    expect(latest.model.fusionBlocks).toBe(2);
  });

  it('gives no GPU warning where a GPU backend is installed, and goes back to scratch', async () => {
    setup(['tensorflow-gpu', 'wasm']);
    await chooseImported();
    await screen.findByText(/GFLOP per sample/);
    expect(screen.queryByText('This needs a GPU')).toBeNull();
    fireEvent.click(screen.getByTestId('wizard-backbone-from'));
    fireEvent.click(
      await screen.findByRole('option', { name: /trained from scratch/, hidden: true }),
    );
    expect(latest.backbone.from).toBeUndefined();
    expect(latest.backbone.recipe).toBeUndefined();
    expect(screen.getByTestId('wizard-preset')).toBeTruthy();
  });
});
