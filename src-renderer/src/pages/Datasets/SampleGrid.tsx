import {
  Badge,
  Card,
  Group,
  Pagination,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { SPLITS, type Split } from '@shared/domain/dataset';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { useApiQuery } from '../../api/ApiProvider';

const PAGE_SIZE = 48;

/** One page of samples at a time (the list can be tens of thousands long), filterable by split and class. */
export function SampleGrid({ datasetId, classes }: { datasetId: string; classes: string[] }) {
  const [split, setSplit] = useState<Split | null>(null);
  const [label, setLabel] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [, navigate] = useLocation();
  const samples = useApiQuery(
    'datasets.samples',
    {
      id: datasetId,
      split: split ?? undefined,
      label: label ?? undefined,
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    },
    { placeholderData: (previous) => previous },
  );
  const pages = Math.max(1, Math.ceil((samples.data?.total ?? 0) / PAGE_SIZE));

  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <Select
          label="Split"
          placeholder="All splits"
          data={SPLITS.map((s) => ({ value: s, label: s }))}
          value={split}
          onChange={(value) => {
            setSplit(value as Split | null);
            setPage(1);
          }}
          clearable
          w={160}
        />
        <Select
          label="Class"
          placeholder="All classes"
          data={classes.map((c, i) => ({ value: String(i), label: c }))}
          value={label === null ? null : String(label)}
          onChange={(value) => {
            setLabel(value === null ? null : Number(value));
            setPage(1);
          }}
          clearable
          searchable
          w={200}
        />
        <Text size="sm" c="dimmed" ml="auto">
          {samples.data ? `${samples.data.total} samples` : ''}
        </Text>
      </Group>
      {samples.isPending ? (
        <Skeleton h={200} />
      ) : samples.data?.items.length === 0 ? (
        <Text c="dimmed">No sample matches these filters: clear the split or class.</Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 4, md: 6 }} spacing="xs" data-testid="sample-grid">
          {samples.data?.items.map((s) => (
            <UnstyledButton
              key={s.index}
              onClick={() =>
                navigate(`/datasets/${encodeURIComponent(datasetId)}/samples/${s.index}`)
              }
              aria-label={`Open sample ${s.id} (${s.className}, ${s.split})`}
              data-testid="sample-card"
            >
              <Card withBorder padding="xs">
                <Text size="sm" fw={600} truncate>
                  {s.className}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  #{s.index} · {s.id}
                </Text>
                <Badge size="xs" variant="light" mt={4}>
                  {s.split}
                </Badge>
              </Card>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      )}
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={setPage}
          aria-label="Sample pages"
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
        />
      )}
    </Stack>
  );
}
