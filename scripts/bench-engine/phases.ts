import type { StepPhases } from '../../src-main/engine/parallel/data-parallel';

/** Per-step milliseconds of a data-parallel group between two snapshots of its phases. */
export function phaseLine(before: StepPhases, after: StepPhases): string {
  const steps = after.steps - before.steps;
  const per = (a: number, b: number) => ((a - b) / steps).toFixed(1);
  return [
    `rank 0: send ${per(after.send, before.send)}`,
    `own shard ${per(after.own, before.own)}`,
    `wait for peers ${per(after.wait, before.wait)}`,
    `sum ${per(after.reduce, before.reduce)}`,
    `update ${per(after.update, before.update)}`,
    `| peers: weights ${per(after.peer.weightsMs, before.peer.weightsMs)}`,
    `shard ${per(after.peer.computeMs, before.peer.computeMs)}`,
    `pack ${per(after.peer.packMs, before.peer.packMs)} ms per step`,
  ].join(', ');
}
