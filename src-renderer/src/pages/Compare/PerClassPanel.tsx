import type { PooledConfusion } from '@shared/report/pooled-confusion';
import { PerClassCaseTable } from './PerClassCaseTable';

/**
 * Per-class accuracy of every model kind on one case, from confusion matrices summed over
 * seeds; the pooled matrix of a column is in its cells' tooltips and in the JSON export.
 */
export function PerClassPanel({
  confusions,
  classes,
}: {
  confusions: PooledConfusion[];
  classes: string[];
}) {
  return (
    <PerClassCaseTable
      columns={confusions}
      classes={classes}
      testId="per-class"
      classCount={(c) => c.perClassAccuracy.length}
      value={(c, i) => c.perClassAccuracy[i]}
      title={(c, i, name) =>
        `pooled predictions of ${name(i)}: ${(c.matrix[i] ?? []).map((n, j) => `${name(j)} ${n}`).join(', ')}`
      }
    />
  );
}
