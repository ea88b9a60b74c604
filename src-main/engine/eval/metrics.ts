/** confusion[true][predicted] counts. */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]!]![predicted[i]!]! += 1;
  return m;
}

/**
 * Macro-F1 over the classes that occur in the labels or the predictions (a class absent from
 * both says nothing about the classifier and is left out, unlike a zero).
 */
export function macroF1(confusion: number[][]): number {
  const C = confusion.length;
  let sum = 0;
  let counted = 0;
  for (let c = 0; c < C; c++) {
    const tp = confusion[c]![c]!;
    let actual = 0;
    let predicted = 0;
    for (let k = 0; k < C; k++) {
      actual += confusion[c]![k]!;
      predicted += confusion[k]![c]!;
    }
    if (actual === 0 && predicted === 0) continue;
    sum += (2 * tp) / (actual + predicted);
    counted++;
  }
  return counted === 0 ? 0 : sum / counted;
}

export function accuracy(confusion: number[][]): number {
  let right = 0;
  let all = 0;
  confusion.forEach((row, i) => {
    row.forEach((n, j) => {
      all += n;
      if (i === j) right += n;
    });
  });
  return all === 0 ? 0 : right / all;
}
