import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunDetail } from '@shared/api/methods/runs';
import { afterAll, describe, expect, it } from 'vitest';
import { AVLAB, avlabJson } from '../helpers/cli';
import { tempHome } from '../helpers/temp-home';

// What a CI log or a pipe sees of the CLI: stdout and stderr are pipes here, never a terminal.
const home = tempHome('avlab-progress-');
afterAll(() => home.remove());

/** Runs `avlab --home HOME …` with piped output and progress lines every 100 ms. */
function avlabPiped(args: string[], timeout = 300_000) {
  const result = spawnSync(process.execPath, [AVLAB, '--home', home.dir, ...args], {
    encoding: 'utf8',
    timeout,
    env: { ...process.env, AVLAB_PROGRESS_INTERVAL_MS: '100' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const PROGRESS = /^(.+): (\d+)\/(\d+) \((\d+)%\) \| elapsed \d+:\d\d \| eta (\d+:\d\d|\?)$/;

const trainArgs = [
  'train',
  '--dataset',
  'demo',
  '--method',
  'ft',
  '--preset',
  'micro',
  '--epochs',
  '1',
  '--batch-size',
  '32',
];

describe('progress on a stderr that is no terminal', () => {
  it('`dataset import` prints done/total, percent, elapsed and ETA lines', () => {
    const { status, stderr } = avlabPiped(['dataset', 'import', 'demo']);
    expect(status, stderr).toBe(0);
    const lines = stderr.split('\n').filter((l) => PROGRESS.test(l));
    expect(lines.length, stderr).toBeGreaterThan(0);
    // Every stage ends on a line of its own at 100 %.
    const ends = lines.map((l) => PROGRESS.exec(l)!).filter((m) => m[2] === m[3]);
    expect(ends.length).toBeGreaterThan(0);
    expect(ends.every((m) => m[4] === '100')).toBe(true);
  }, 300_000);

  it('`experiment run` prints each run’s steps and "k of N runs finished" with an ETA as runs end', () => {
    const spec = join(home.dir, 'spec.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'progress lines',
        datasetId: 'demo',
        cases: ['noisy_audio'],
        methods: ['pl'],
        model: { preset: 'micro' },
        backbone: { epochs: 2, batchSize: 32, lr: 0.003, warmupEpochs: 0 },
        training: { pl: { epochs: 1, batchSize: 32, lr: 0.01 } },
        seeds: [0],
        evaluation: { cases: ['noisy_audio'], promptings: ['situation'] },
      }),
    );
    const { status, stderr } = avlabPiped(['experiment', 'run', spec]);
    expect(status, stderr).toBe(0);
    const steps = stderr
      .split('\n')
      .map((l) => PROGRESS.exec(l))
      .filter((m) => m?.[1]?.match(/^run \d+ ft\/complete epoch \d\/2 steps$/));
    expect(steps.length, stderr).toBeGreaterThan(0);
    expect(stderr).toMatch(
      /^1 of 2 runs finished \(run \d+: done\) \| elapsed \d+:\d\d \| eta \d+:\d\d$/m,
    );
    expect(stderr).toMatch(
      /^2 of 2 runs finished \(run \d+: done\) \| elapsed \d+:\d\d \| eta 0:00$/m,
    );
  }, 300_000);
});

describe('while `avlab serve` holds the queue', () => {
  it('`train` says the server is idle and offers --detach, and a detached run is trained by the server', async () => {
    const serve = spawn(process.execPath, [AVLAB, '--home', home.dir, 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise<string>((resolve, reject) => {
        createInterface({ input: serve.stdout! }).once('line', resolve);
        serve.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const refused = avlabPiped(trainArgs);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(
        `another AV Prompt Lab process (pid ${serve.pid}, avlab serve (web mode)) holds the queue of ${home.dir} and is idle.`,
      );
      expect(refused.stderr).toContain(
        '`avlab train --detach` queues it for that process to train now',
      );

      const queued = avlabJson<RunDetail>(home.dir, [...trainArgs, '--detach']);
      expect(queued.run.status).toBe('queued');
      const deadline = Date.now() + 120_000;
      let status = queued.run.status;
      while (status !== 'done') {
        if (Date.now() > deadline) throw new Error(`run ${queued.run.id} stayed ${status}`);
        expect(['queued', 'running']).toContain(status);
        await new Promise((resolve) => setTimeout(resolve, 500));
        status = avlabJson<RunDetail>(home.dir, ['runs', 'show', String(queued.run.id)]).run.status;
      }
    } finally {
      serve.kill('SIGTERM');
      await new Promise((resolve) => serve.once('exit', resolve));
    }
  }, 300_000);
});
