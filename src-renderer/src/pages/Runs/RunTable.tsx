import { Progress, ScrollArea, Table, Text } from '@mantine/core';
import { CASE_LABELS } from '@shared/domain/cases';
import type { RunRecord } from '@shared/domain/records';
import { StatusBadge } from '../../components/StatusBadge';
import type { LiveRunStore } from './live-run-store';
import { useLiveRun } from './use-live-runs';

export function RunTable({
  runs,
  live,
  selectedId,
  onSelect,
}: {
  runs: RunRecord[];
  live: LiveRunStore;
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
                  <RunProgress run={run} live={live} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

/** The only part of a row that follows progress events, so a flush re-renders just this. */
function RunProgress({ run, live }: { run: RunRecord; live: LiveRunStore }) {
  const p = useLiveRun(live, run.id)?.latest;
  const epochs = run.config.training.epochs;
  const fraction =
    run.status === 'done'
      ? 1
      : p && run.status === 'running'
        ? (p.epoch - 1 + p.step / Math.max(1, p.stepsPerEpoch)) / epochs
        : run.epochsDone / epochs;
  return (
    <>
      <Progress
        value={Math.min(100, fraction * 100)}
        size="sm"
        aria-label={`Run ${run.id} progress`}
      />
      <Text size="xs" c="dimmed">
        {p && run.status === 'running' ? Math.max(run.epochsDone, p.epoch - 1) : run.epochsDone}/
        {epochs} epochs
      </Text>
    </>
  );
}
