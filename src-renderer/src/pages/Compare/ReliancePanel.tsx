import { Alert, Stack, Table, Text } from '@mantine/core';
import {
  RELIANCE_INPUTS,
  type RelianceCell,
  type RelianceReport,
  relianceLegend,
} from '@shared/report/modality-reliance';

const SPLIT_LABEL = { val: 'Validation', test: 'Test' } as const;

function cellText(cell: RelianceCell | null): string {
  if (!cell) return '—';
  const mean = cell.mean.toFixed(3);
  return cell.n >= 2 ? `${mean} ± ${cell.std.toFixed(3)}` : mean;
}

/** The FT backbone with both modalities, audio only and visual only; warns of near chance. */
export function ReliancePanel({ report }: { report: RelianceReport }) {
  if (report.rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No reliance evaluations yet: they come with the backbones (complete, missing audio and
        missing visual on validation and test).
      </Text>
    );
  return (
    <Stack gap="sm" data-testid="reliance-panel">
      {report.warnings.map((w) => (
        <Alert key={w} color="orange" title="A modality alone is near chance">
          {w}.
        </Alert>
      ))}
      <Table withTableBorder withColumnBorders fz="sm" data-testid="reliance-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Split</Table.Th>
            {RELIANCE_INPUTS.map((i) => (
              <Table.Th key={i.key}>{i.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.rows.map((row) => (
            <Table.Tr key={row.split}>
              <Table.Th scope="row">{SPLIT_LABEL[row.split]}</Table.Th>
              {RELIANCE_INPUTS.map((i) => {
                const cell = row.cells[i.key];
                const near =
                  i.key !== 'both' &&
                  cell !== null &&
                  report.nearChanceBelow !== null &&
                  cell.mean < report.nearChanceBelow;
                return (
                  <Table.Td key={i.key} data-column={i.key} c={near ? 'orange' : undefined}>
                    {cellText(cell)}
                    {cell && (
                      <Text span size="xs" c="dimmed" ml={6}>
                        n = {cell.n}
                      </Text>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {relianceLegend(report)}
        {report.chance !== null &&
          ` Here chance = ${report.chance.toFixed(3)}, near chance below ${report.nearChanceBelow!.toFixed(3)}.`}
        {report.missingRate !== null && ` Missing rate η = ${report.missingRate}.`}
      </Text>
    </Stack>
  );
}
