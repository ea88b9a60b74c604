import { Progress, ScrollArea, Table, Text } from '@mantine/core';
import { CASE_LABELS } from '@shared/domain/cases';
import type { RunRecord } from '@shared/domain/records';
import { StatusBadge } from '../../components/StatusBadge';
import type { LiveRun } from './use-live-runs';

export function RunTable({
  runs,
  live,
  selectedId,
  onSelect,
}: {
  runs: RunRecord[];
  live: Map<number, LiveRun>;
  selectedId: number | null;
  onSelect: (id: number) => void;
}) {
  return (
    <ScrollArea.Autosize mah="70vh">
      <Table highlightOnHover fz="sm" data-testid="run-table" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Run</Table.Th>
            <Table.Th>Method · case</Table.Th>
            <Table.Th>Seed</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Progress</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => {
            const epochs = run.config.training.epochs;
            const p = live.get(run.id)?.latest;
            const fraction =
              run.status === 'done'
                ? 1
                : p && run.status === 'running'
                  ? (p.epoch - 1 + p.step / Math.max(1, p.stepsPerEpoch)) / epochs
                  : run.epochsDone / epochs;
            return (
              <Table.Tr
                key={run.id}
                onClick={() => onSelect(run.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') onSelect(run.id);
                }}
                tabIndex={0}
                aria-selected={run.id === selectedId}
                bg={run.id === selectedId ? 'var(--mantine-primary-color-light)' : undefined}
                style={{ cursor: 'pointer' }}
                data-testid={`run-row-${run.id}`}
              >
                <Table.Td>#{run.id}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {run.role === 'backbone' ? 'FT backbone' : run.method.toUpperCase()}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {CASE_LABELS[run.case]}
                    {run.role !== 'backbone' && ` · η ${run.missingRate}`}
                  </Text>
                </Table.Td>
                <Table.Td>{run.seed}</Table.Td>
                <Table.Td>
                  <StatusBadge status={run.status} />
                </Table.Td>
                <Table.Td miw={90}>
                  <Progress
                    value={Math.min(100, fraction * 100)}
                    size="sm"
                    aria-label={`Run ${run.id} progress`}
                  />
                  <Text size="xs" c="dimmed">
                    {run.epochsDone}/{epochs} epochs
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
