import { ScrollArea, Table } from '@mantine/core';
import { SPLITS } from '@shared/domain/dataset';

/** Samples per class and split, with totals: a glance at balance before training. */
export function ClassCounts({
  classes,
  classCounts,
}: {
  classes: string[];
  classCounts: Record<string, Record<string, number>>;
}) {
  const splits = SPLITS.filter((s) => classCounts[s]);
  const total = (split: string) =>
    Object.values(classCounts[split] ?? {}).reduce((a, b) => a + b, 0);
  return (
    <ScrollArea>
      <Table withTableBorder withColumnBorders data-testid="class-counts" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Split</Table.Th>
            {classes.map((c) => (
              <Table.Th key={c}>{c}</Table.Th>
            ))}
            <Table.Th>Total</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {splits.map((split) => (
            <Table.Tr key={split}>
              <Table.Th>{split}</Table.Th>
              {classes.map((c) => (
                <Table.Td key={c}>{classCounts[split]?.[c] ?? 0}</Table.Td>
              ))}
              <Table.Td fw={600}>{total(split)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
