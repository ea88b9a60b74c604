/**
 * Round tick values covering [min, max]: steps of 1, 2 or 5 × 10^k, as near `target` of them as
 * such a step gives,
 * each inside the range. Used by canvas figures (spectrograms) that draw their own axes.
 */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max)) || max <= min) return [min];
  const raw = (max - min) / Math.max(1, target);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const count = (step: number) => Math.floor(max / step) - Math.ceil(min / step) + 1;
  // The step whose tick count is nearest the target; on a tie the finer one.
  let step = magnitude;
  for (const m of [2, 5, 10]) {
    const candidate = m * magnitude;
    if (Math.abs(count(candidate) - target) < Math.abs(count(step) - target)) step = candidate;
  }
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toFixed(10)));
  }
  return ticks;
}

/** A tick's text: no more decimals than the step needs. */
export function tickLabel(value: number, ticks: number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  const decimals = Math.max(0, Math.min(4, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(decimals);
}
