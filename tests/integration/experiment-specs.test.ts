import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readSpec } from '../../src-main/cli/commands/experiment';
import { planScenario } from '../../src-main/jobs/plan-scenario';

const dir = join(import.meta.dirname, '..', '..', 'experiments');
const specs = readdirSync(dir).filter((f) => f.endsWith('.json'));

it('ships the experiment specs the issues ask for', () => {
  expect(specs).toEqual(
    expect.arrayContaining([
      'demo.json',
      'avmnist-reference.json',
      'avmnist-missing-rate.json',
      'efficiency.json',
    ]),
  );
});

it.each(specs)(
  '%s is a valid scenario that plans at least one backbone and one adapted run',
  (file) => {
    const plan = planScenario(readSpec(join(dir, file)));
    expect(plan.some((p) => p.role === 'backbone')).toBe(true);
    expect(plan.some((p) => p.role === 'adapt')).toBe(true);
  },
);
