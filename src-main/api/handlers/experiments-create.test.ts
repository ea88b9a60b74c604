import { describe, expect, it } from 'vitest';
import { tempHome } from '../../../tests/helpers/temp-home';
import { dispatch } from '../dispatch';
import { startApiRuntime } from '../runtime';

const scenario = {
  name: 'strict',
  datasetId: 'demo',
  cases: ['noisy_audio'],
  methods: ['pl'],
  backbone: { epochs: 1, batchSize: 8, lr: 1e-3 },
  seeds: [0],
};

describe('experiments.create', () => {
  it('reports a typo in a spec as a validation error naming the field with its path', async () => {
    const home = tempHome();
    const runtime = startApiRuntime({ home: home.dir, transport: 'cli' });
    try {
      const envelope = await dispatch(runtime.handlers, 'experiments.create', {
        scenario: { ...scenario, training: { pl: { epohcs: 3 } } },
      });
      expect(envelope).toMatchObject({
        ok: false,
        error: {
          kind: 'invalid_request',
          issues: [{ field: 'params.scenario.training.pl.epohcs', message: 'unknown key' }],
        },
      });
      const old = await dispatch(runtime.handlers, 'experiments.create', {
        scenario: { ...scenario, adaptation: { epochs: 1, batchSize: 8, lr: 1e-2 } },
      });
      expect(old.ok ? [] : old.error.issues?.map((i) => i.field)).toEqual([
        'params.scenario.adaptation',
      ]);
    } finally {
      await runtime.close();
      home.remove();
    }
  });
});
