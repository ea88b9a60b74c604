import { describe, expect, it } from 'vitest';
import { SampleSources } from '../sources';
import { draftDemo } from './demo';
import { generateDemoAudio, generateDemoImage } from './demo-generator';

describe('the multi-label demo', () => {
  const draft = draftDemo({ multiLabel: true, samplesPerClass: 4 });

  it('pairs odd samples’ sound with another class’s picture and gives them both labels', () => {
    expect(draft.task).toBe('multi-label');
    for (const [i, s] of draft.samples.entries()) {
      if (s.audio.kind !== 'generated' || s.image.kind !== 'generated') throw new Error('refs');
      const sound = s.audio.pattern!;
      const picture = s.image.pattern!;
      expect(sound).toBe(i % 10);
      expect(picture === sound).toBe(i % 2 === 0);
      expect(s.labels).toEqual([...new Set([sound, picture])].sort((a, b) => a - b));
      expect(s.label).toBe(s.labels![0]);
    }
    // Every class is some sample's picture partner: 40 samples, 20 with two labels.
    expect(draft.samples.filter((s) => s.labels!.length === 2)).toHaveLength(20);
  });

  it('draws each modality’s own class', () => {
    const sources = new SampleSources();
    const s = draft.samples[3]!;
    if (s.audio.kind !== 'generated' || s.image.kind !== 'generated') throw new Error('refs');
    expect(sources.image(s.image, s.label)).toEqual(
      generateDemoImage(s.image.pattern!, s.image.seed),
    );
    expect(sources.audio(s.audio, s.label).samples).toEqual(
      generateDemoAudio(s.audio.pattern!, s.audio.seed),
    );
  });

  it('leaves the single-label demo’s samples exactly as they were (same refs, same caches)', () => {
    const single = draftDemo({ samplesPerClass: 4 });
    expect(single.task).toBeUndefined();
    for (const [i, s] of single.samples.entries()) {
      expect(s.label).toBe(i % 10);
      expect(s).not.toHaveProperty('labels');
      expect(Object.keys(s.audio)).toEqual(['kind', 'generator', 'seed']);
      expect(Object.keys(s.image)).toEqual(['kind', 'generator', 'seed']);
    }
  });
});
