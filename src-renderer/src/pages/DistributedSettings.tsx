import { Alert, Card, Table, Text, TextInput, Title } from '@mantine/core';
import type { Settings } from '@shared/api/methods/app';
import type { RemoteWorker } from '@shared/domain/distributed';
import { useEffect, useState } from 'react';
import { useApiQuery } from '../api/ApiProvider';

/**
 * Distributed sweeps: the queue URL runs are dispatched to (shown with its password as ***, saved
 * when the field loses focus) and the workers that announce themselves on it, every 5 s.
 */
export function DistributedSettings({
  settings,
  save,
}: {
  settings: Settings;
  save: (patch: Pick<Settings, 'queueUrl'>) => void;
}) {
  const value = settings.queueUrl ?? null;
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const status = useApiQuery('distributed.workers', {}, { refetchInterval: 5000 });
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        Distributed sweeps
      </Title>
      <TextInput
        label="Queue URL"
        description="Redis or Valkey that GPU workers (avlab worker --queue …) take runs from. Empty: runs train on this machine. Takes effect at the next start."
        placeholder="redis://gpu-server:6379/0"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        onBlur={() => {
          const next = text.trim() || null;
          if (next !== value) save({ queueUrl: next });
        }}
      />
      {status.data?.error ? (
        <Alert color="orange" mt="sm" title="Queue unavailable">
          {status.data.error}
        </Alert>
      ) : null}
      {status.data?.queue ? <WorkerTable workers={status.data.workers} /> : null}
    </Card>
  );
}

function WorkerTable({ workers }: { workers: RemoteWorker[] }) {
  if (workers.length === 0)
    return (
      <Text size="sm" c="dimmed" mt="sm">
        No worker is connected.
      </Text>
    );
  return (
    <Table mt="sm" aria-label="Live workers">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Worker</Table.Th>
          <Table.Th>Backend</Table.Th>
          <Table.Th>Cores</Table.Th>
          <Table.Th>Memory</Table.Th>
          <Table.Th>Runs</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {workers.map((w) => (
          <Table.Tr key={w.id}>
            <Table.Td>{w.host}</Table.Td>
            <Table.Td>{w.backend ?? '—'}</Table.Td>
            <Table.Td>{w.cores}</Table.Td>
            <Table.Td>{(w.memoryBytes / 2 ** 30).toFixed(1)} GiB</Table.Td>
            <Table.Td>
              {w.running.length > 0 ? w.running.map((id) => `#${id}`).join(', ') : 'idle'} (
              {w.concurrency} at once)
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
