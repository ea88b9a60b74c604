import { ScrollArea, Table, Text } from '@mantine/core';
import { type ResultCell, type ResultsTable, rowLabel } from '@shared/report/results-table';

/** The paper's table: mean ± std over seeds per case, delta to the FT backbone, best of each row in bold. */
export function ResultsTableView({ table, digits = 3 }: { table: ResultsTable; digits?: number }) {
  return (
    <ScrollArea>
      <Table withTableBorder withColumnBorders fz="sm" data-testid="results-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Case</Table.Th>
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
  const delta = cell.deltaToFt;
  return (
    <Text
      size="sm"
      fw={cell.best ? 700 : 400}
      data-best={cell.best || undefined}
      title={`${cell.values.length} seed(s): ${cell.values.map((v) => v.toFixed(digits)).join(', ')}`}
    >
      {cell.mean.toFixed(digits)} ± {cell.std.toFixed(digits)}
      {delta != null && (
        <Text span size="xs" c={delta > 0 ? 'teal' : delta < 0 ? 'red' : 'dimmed'} ml={6} fw={400}>
          ({delta >= 0 ? '+' : '−'}
          {Math.abs(delta).toFixed(digits)})
        </Text>
      )}
    </Text>
  );
}
