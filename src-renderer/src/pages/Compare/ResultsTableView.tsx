import { ScrollArea, Table, Text } from '@mantine/core';
import { meanText, signed } from '@shared/report/format-table';
import { significanceMark } from '@shared/report/paired-test';
import {
  BASELINE_LABELS,
  type ResultCell,
  type ResultsTable,
  rowLabel,
} from '@shared/report/results-table';

/**
 * The paper's table: mean ± std over seeds per case (± from two seeds on), the paired difference
 * to the row's FT baseline with significance marks, n, and the best of each row in bold.
 */
export function ResultsTableView({ table, digits = 3 }: { table: ResultsTable; digits?: number }) {
  return (
    <ScrollArea>
      <Table withTableBorder withColumnBorders fz="sm" data-testid="results-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Case</Table.Th>
            <Table.Th>Baseline</Table.Th>
            {table.columns.map((c) => (
              <Table.Th key={c.key} data-column={c.key}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.rows.map((row) => (
            <Table.Tr key={`${row.case}|${row.missingRate}`}>
              <Table.Th scope="row">{rowLabel(row, table)}</Table.Th>
              <Table.Td data-column="baseline">
                {row.baseline ? BASELINE_LABELS[row.baseline] : '—'}
              </Table.Td>
              {table.columns.map((c) => (
                <Table.Td key={c.key} data-column={c.key}>
                  <CellText cell={row.cells[c.key] ?? null} digits={digits} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

function CellText({ cell, digits }: { cell: ResultCell | null; digits: number }) {
  if (!cell) return <Text c="dimmed">—</Text>;
  const p = cell.paired;
  const ci =
    p && p.ciLow !== null && p.ciHigh !== null
      ? `, 95 % CI [${p.ciLow.toFixed(digits)}, ${p.ciHigh.toFixed(digits)}], paired t p = ${p.pT?.toPrecision(3)}${p.pWilcoxon !== null ? `, Wilcoxon p = ${p.pWilcoxon.toPrecision(3)}` : ''}`
      : '';
  return (
    <Text
      size="sm"
      fw={cell.best ? 700 : 400}
      data-best={cell.best || undefined}
      title={`${cell.values.length} seed(s): ${cell.values.map((v) => v.toFixed(digits)).join(', ')}${ci}`}
    >
      {meanText(cell, digits)}
      {p && (
        <Text
          span
          size="xs"
          c={p.mean > 0 ? 'teal' : p.mean < 0 ? 'red' : 'dimmed'}
          ml={6}
          fw={400}
        >
          ({signed(p.mean, digits)}
          {significanceMark(p.pT)})
        </Text>
      )}
      <Text span size="xs" c="dimmed" ml={6} fw={400}>
        n = {cell.values.length}
      </Text>
    </Text>
  );
}
