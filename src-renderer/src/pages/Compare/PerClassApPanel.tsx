import { ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { CASE_LABELS } from '@shared/domain/cases';
import type { PerClassAp } from '@shared/report/per-class-ap';
import { useState } from 'react';

/**
 * Per-class average precision of every model kind on one case, mean over seeds: what a
 * multi-label experiment shows instead of per-class accuracy and confusion matrices.
 */
export function PerClassApPanel({ cells, classes }: { cells: PerClassAp[]; classes: string[] }) {
  const rowKeys = [...new Set(cells.map((c) => `${c.case}|${c.missingRate}`))];
  const [selected, setSelected] = useState<string | null>(null);
  const key = selected ?? rowKeys[0];
  if (!key) return <Text c="dimmed">No evaluation yet.</Text>;
  const shown = cells.filter((c) => `${c.case}|${c.missingRate}` === key);
  const numClasses = Math.max(...shown.map((c) => c.ap.length));
  const name = (i: number) => classes[i] ?? String(i);
  return (
    <Stack gap="sm" data-testid="per-class-ap-panel">
      <Select
        label="Case"
        data={rowKeys.map((k) => {
          const [c, rate] = k.split('|');
          return { value: k, label: `${CASE_LABELS[c as PerClassAp['case']]} · η ${rate}` };
        })}
        value={key}
        onChange={setSelected}
        allowDeselect={false}
        maw={360}
      />
      <ScrollArea>
        <Table withTableBorder withColumnBorders fz="sm" data-testid="per-class-ap-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Class</Table.Th>
              {shown.map((c) => (
                <Table.Th key={c.column} data-column={c.column}>
                  {c.label}{' '}
                  <Text span size="xs" c="dimmed">
                    (n = {c.n})
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {Array.from({ length: numClasses }, (_, i) => (
              <Table.Tr key={`class-${name(i)}`}>
                <Table.Th scope="row">{name(i)}</Table.Th>
                {shown.map((c) => {
                  const ap = c.ap[i];
                  return (
                    <Table.Td key={c.column} data-column={c.column}>
                      {ap == null ? '—' : ap.toFixed(3)}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Text size="xs" c="dimmed">
        — : the class has no positive in the test split, so it has no AP and is left out of the mAP.
      </Text>
    </Stack>
  );
}
