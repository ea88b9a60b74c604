import {
  Anchor,
  Group,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { CASE_LABELS } from '@shared/domain/cases';
import type { EvaluationRecord, RunRecord } from '@shared/domain/records';
import { useState } from 'react';
import { Link } from 'wouter';

/**
 * Confusion matrix of one run's evaluation on one case; a cell lists the samples counted in it
 * (off the diagonal: the misclassified ones), each opening in the dataset's sample view.
 */
export function ConfusionPanel({
  runs,
  evaluations,
  classes,
}: {
  runs: RunRecord[];
  evaluations: EvaluationRecord[];
  classes: string[];
}) {
  const options = evaluations.map((e) => {
    const run = runs.find((r) => r.id === e.runId);
    const model = run
      ? run.role === 'backbone'
        ? 'FT backbone'
        : `${run.method.toUpperCase()} (${CASE_LABELS[run.case]})`
      : `run ${e.runId}`;
    return {
      value: String(e.id),
      label: `#${e.runId} ${model} · on ${CASE_LABELS[e.case]} · ${e.prompting} · η ${e.missingRate}`,
    };
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [cell, setCell] = useState<[number, number] | null>(null);
  const evaluation = evaluations.find((e) => String(e.id) === selected) ?? evaluations[0];
  if (!evaluation) return <Text c="dimmed">No evaluation yet.</Text>;
  const run = runs.find((r) => r.id === evaluation.runId);
  const max = Math.max(1, ...evaluation.confusion.flat());
  const name = (i: number) => classes[i] ?? String(i);
  // One entry per class index, with a stable key for the rows and columns of the matrix.
  const classIds = evaluation.confusion.map((_, index) => ({ index, key: `class-${index}` }));
  const listed = cell
    ? evaluation.mistakes.filter(([, t, p]) => t === cell[0] && p === cell[1])
    : [];

  return (
    <Stack gap="sm" data-testid="confusion-panel">
      <Select
        label="Run and case"
        data={options}
        value={String(evaluation.id)}
        onChange={(v) => {
          setSelected(v);
          setCell(null);
        }}
        allowDeselect={false}
        searchable
        maw={640}
      />
      <Group align="flex-start" gap="lg" wrap="wrap">
        <ScrollArea>
          <Table
            withTableBorder
            fz="xs"
            style={{ width: 'auto' }}
            aria-label="Confusion matrix: rows are true classes, columns predicted"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>true \ predicted</Table.Th>
                {classIds.map((c) => (
                  <Table.Th key={c.key}>{name(c.index)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {classIds.map(({ index: i, key: rowKey }) => (
                <Table.Tr key={rowKey}>
                  <Table.Th>{name(i)}</Table.Th>
                  {classIds.map(({ index: j, key: cellKey }) => {
                    const n = evaluation.confusion[i]?.[j] ?? 0;
                    const strength = n / max;
                    const color =
                      i === j
                        ? `rgba(18, 184, 134, ${0.15 + 0.7 * strength})`
                        : n > 0
                          ? `rgba(250, 82, 82, ${0.15 + 0.7 * strength})`
                          : undefined;
                    const active = cell?.[0] === i && cell?.[1] === j;
                    return (
                      <Table.Td
                        key={cellKey}
                        p={0}
                        bg={color}
                        style={{
                          outline: active ? '2px solid var(--mantine-color-indigo-6)' : undefined,
                        }}
                      >
                        <UnstyledButton
                          onClick={() => setCell([i, j])}
                          aria-label={`${n} samples of ${name(i)} predicted as ${name(j)}`}
                          w="100%"
                          px={8}
                          py={4}
                          ta="center"
                          data-testid={`confusion-${i}-${j}`}
                        >
                          {n}
                        </UnstyledButton>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
        <Paper withBorder p="sm" miw={260} data-testid="mistakes">
          <Title order={6} mb={4}>
            {cell ? `${name(cell[0])} → ${name(cell[1])}` : 'Pick a cell'}
          </Title>
          {!cell && (
            <Text size="sm" c="dimmed">
              Click a cell off the diagonal to list the misclassified samples.
            </Text>
          )}
          {cell && cell[0] === cell[1] && (
            <Text size="sm" c="dimmed">
              The diagonal counts correct predictions; only mistakes are listed.
            </Text>
          )}
          {cell && cell[0] !== cell[1] && listed.length === 0 && (
            <Text size="sm" c="dimmed">
              No sample here.
            </Text>
          )}
          <Stack gap={2}>
            {listed.map(([index]) => (
              <Anchor
                key={index}
                component={Link}
                href={`/datasets/${encodeURIComponent(run?.datasetId ?? '')}/samples/${index}`}
                size="sm"
              >
                sample #{index}
              </Anchor>
            ))}
          </Stack>
        </Paper>
      </Group>
    </Stack>
  );
}
