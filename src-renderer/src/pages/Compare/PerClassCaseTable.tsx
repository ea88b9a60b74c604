import { ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { CASE_LABELS, type Case } from '@shared/domain/cases';
import { type ReactNode, useState } from 'react';

/** A results-table cell broken down per class: one column of the per-class table. */
export interface PerClassColumn {
  column: string;
  label: string;
  case: Case;
  missingRate: number;
  /** Seeds (evaluations) the column's values come from. */
  n: number;
}

/**
 * A case picker over a table with one row per class and one column per results-table cell of the
 * chosen case (and missing rate); the caller says what a cell of the table holds.
 */
export function PerClassCaseTable<C extends PerClassColumn>({
  columns,
  classes,
  testId,
  classCount,
  value,
  title,
  footer,
}: {
  columns: C[];
  classes: string[];
  /** The panel is `${testId}-panel`, its table `${testId}-table`. */
  testId: string;
  classCount: (column: C) => number;
  value: (column: C, classIndex: number) => number | null | undefined;
  title?: (column: C, classIndex: number, className: (i: number) => string) => string;
  footer?: ReactNode;
}) {
  const caseKeys = [...new Set(columns.map(caseKeyOf))];
  const [selected, setSelected] = useState<string | null>(null);
  const key = selected ?? caseKeys[0];
  if (!key) return <Text c="dimmed">No evaluation yet.</Text>;
  const shown = columns.filter((c) => caseKeyOf(c) === key);
  const numClasses = Math.max(...shown.map(classCount));
  const name = (i: number) => classes[i] ?? String(i);
  return (
    <Stack gap="sm" data-testid={`${testId}-panel`}>
      <Select
        label="Case"
        data={caseKeys.map((k) => {
          const [c, rate] = k.split('|');
          return { value: k, label: `${CASE_LABELS[c as Case]} · η ${rate}` };
        })}
        value={key}
        onChange={setSelected}
        allowDeselect={false}
        maw={360}
      />
      <ScrollArea>
        <Table withTableBorder withColumnBorders fz="sm" data-testid={`${testId}-table`}>
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
                  const v = value(c, i);
                  return (
                    <Table.Td key={c.column} data-column={c.column} title={title?.(c, i, name)}>
                      {v == null ? '—' : v.toFixed(3)}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {footer}
    </Stack>
  );
}

function caseKeyOf(column: PerClassColumn): string {
  return `${column.case}|${column.missingRate}`;
}
