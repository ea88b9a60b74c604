import { Badge, Button, Group, Skeleton, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useApiEvents, useApiMutation, useApiQuery } from '../../api/ApiProvider';
import { EmptyState } from '../../components/EmptyState';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { dateTime } from '../../lib/format';
import { ImportDialog } from './ImportDialog';

export function DatasetsPage() {
  const datasets = useApiQuery('datasets.list', {});
  const [importing, importDialog] = useDisclosure(false);
  const remove = useApiMutation('datasets.remove', ['datasets.list']);
  const queryClient = useQueryClient();
  useApiEvents((event) => {
    if (event.type === 'datasets.changed')
      void queryClient.invalidateQueries({ queryKey: ['datasets.list'] });
  });

  const list = datasets.data ?? [];
  return (
    <>
      <PageHeader
        title="Datasets"
        subtitle="Import audio-visual data and look at its samples."
        actions={
          <Button onClick={importDialog.open} data-testid="open-import">
            Import dataset
          </Button>
        }
      />
      <ImportDialog opened={importing} onClose={importDialog.close} />
      {datasets.isPending && <Skeleton h={160} />}
      {datasets.isError && (
        <EmptyState title="Datasets could not be listed">{datasets.error.message}</EmptyState>
      )}
      {datasets.isSuccess && list.length === 0 && (
        <EmptyState
          title="No datasets yet"
          action={<Button onClick={importDialog.open}>Import a dataset</Button>}
        >
          Start with the built-in demo dataset (generated, no download), or import your own: a CSV
          manifest, class folders, or AV-MNIST from FSDD + MNIST.
        </EmptyState>
      )}
      {list.length > 0 && (
        <Table striped highlightOnHover verticalSpacing="sm" data-testid="dataset-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Classes</Table.Th>
              <Table.Th>Train / val / test</Table.Th>
              <Table.Th>Imported</Table.Th>
              <Table.Th aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Link
                    href={`/datasets/${encodeURIComponent(d.id)}`}
                    data-testid={`dataset-${d.id}`}
                  >
                    {d.name}
                  </Link>
                  <Text size="xs" c="dimmed">
                    {d.id}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{d.kind}</Badge>
                  {d.task === 'multi-label' && (
                    <Badge variant="outline" ml={4} data-testid="multi-label-badge">
                      multi-label
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{d.classes.length}</Table.Td>
                <Table.Td>
                  {d.counts.train ?? 0} / {d.counts.val ?? 0} / {d.counts.test ?? 0}
                </Table.Td>
                <Table.Td>{dateTime(d.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    <Button
                      size="xs"
                      variant="light"
                      component={Link}
                      href={`/datasets/${encodeURIComponent(d.id)}`}
                    >
                      Browse
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Remove dataset ${d.name}`}
                      loading={remove.isPending && remove.variables?.id === d.id}
                      onClick={() => {
                        if (!window.confirm(`Remove dataset "${d.name}" and its feature cache?`))
                          return;
                        remove.mutate(
                          { id: d.id },
                          { onSuccess: () => notifySuccess(`${d.name} removed`) },
                        );
                      }}
                    >
                      Remove
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
