import { ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { CASE_LABELS } from '@shared/domain/cases';
import type { PooledConfusion } from '@shared/report/pooled-confusion';
import { useState } from 'react';

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
  const rowKeys = [...new Set(confusions.map((c) => `${c.case}|${c.missingRate}`))];
  const [selected, setSelected] = useState<string | null>(null);
  const key = selected ?? rowKeys[0];
  if (!key) return <Text c="dimmed">No evaluation yet.</Text>;
  const shown = confusions.filter((c) => `${c.case}|${c.missingRate}` === key);
  const numClasses = Math.max(...shown.map((c) => c.perClassAccuracy.length));
  const name = (i: number) => classes[i] ?? String(i);
  return (
    <Stack gap="sm" data-testid="per-class-panel">
      <Select
        label="Case"
        data={rowKeys.map((k) => {
          const [c, rate] = k.split('|');
          return { value: k, label: `${CASE_LABELS[c as PooledConfusion['case']]} · η ${rate}` };
        })}
        value={key}
        onChange={setSelected}
        allowDeselect={false}
        maw={360}
      />
      <ScrollArea>
        <Table withTableBorder withColumnBorders fz="sm" data-testid="per-class-table">
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
                  const accuracy = c.perClassAccuracy[i];
                  const row = c.matrix[i] ?? [];
                  return (
                    <Table.Td
                      key={c.column}
                      data-column={c.column}
                      title={`pooled predictions of ${name(i)}: ${row.map((n, j) => `${name(j)} ${n}`).join(', ')}`}
                    >
                      {accuracy == null ? '—' : accuracy.toFixed(3)}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
