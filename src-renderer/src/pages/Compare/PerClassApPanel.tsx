import { Text } from '@mantine/core';
import type { PerClassAp } from '@shared/report/per-class-ap';
import { PerClassCaseTable } from './PerClassCaseTable';

/**
 * Per-class average precision of every model kind on one case, mean over seeds: what a
 * multi-label experiment shows instead of per-class accuracy and confusion matrices.
 */
export function PerClassApPanel({ cells, classes }: { cells: PerClassAp[]; classes: string[] }) {
  return (
    <PerClassCaseTable
      columns={cells}
      classes={classes}
      testId="per-class-ap"
      classCount={(c) => c.ap.length}
      value={(c, i) => c.ap[i]}
      footer={
        <Text size="xs" c="dimmed">
          — : the class has no positive in the test split, so it has no AP and is left out of the
          mAP.
        </Text>
      }
    />
  );
}
