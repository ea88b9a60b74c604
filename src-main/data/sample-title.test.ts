import type { DatasetSample } from '@shared/domain/dataset';
import { describe, expect, it } from 'vitest';
import { baseName, sampleTitle } from './sample-title';

const sample = (audio: DatasetSample['audio'], image: DatasetSample['image'], id = 'x') =>
  ({ id, label: 0, split: 'train', audio, image, durationSeconds: 1 }) as DatasetSample;
const file = (path: string) => ({ kind: 'file' as const, path, bytes: 1 });

describe('sample titles', () => {
  it('are the file names of a manifest pair, not its audio|image id', () => {
    const s = sample(
      file('/data/av/clips/siren_0042.wav'),
      file('/data/av/frames/street_17.jpg'),
      '/data/av/clips/siren_0042.wav|/data/av/frames/street_17.jpg',
    );
    expect(sampleTitle(s)).toBe('siren_0042.wav + street_17.jpg');
  });

  it('collapse to one stem when audio and image share it', () => {
    expect(sampleTitle(sample(file('/d/dog/001.wav'), file('/d/dog/001.png')))).toBe('001');
  });

  it('name an IDX image by its file and entry, and fall back to the id for generated sources', () => {
    expect(
      sampleTitle(
        sample(file('/fsdd/3_jackson_12.wav'), {
          kind: 'idx',
          path: '/mnist/t10k-images',
          index: 7,
        }),
      ),
    ).toBe('3_jackson_12.wav + t10k-images #7');
    const generated = { kind: 'generated' as const, generator: 'demo', seed: 3 };
    expect(sampleTitle(sample(generated, generated, 'demo-0003'))).toBe('demo-0003');
  });

  it('are a video clip’s id, not the names of the files extracted from it', () => {
    const clip = '/home/datasets/vgg/media/a1b2c3_000030';
    const s = sample(
      file(`${clip}/audio.wav`),
      { kind: 'frames', paths: [`${clip}/frame-00.jpg`], bytes: [1] } as never,
      'a1b2c3_000030',
    );
    expect(sampleTitle(s)).toBe('a1b2c3_000030');
  });

  it('take the last segment of Windows paths too', () => {
    expect(baseName('C:\\data\\clips\\a.wav')).toBe('a.wav');
    expect(baseName('/a/b/')).toBe('b');
  });
});
