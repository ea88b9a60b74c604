import { Anchor, Breadcrumbs, Group, Skeleton, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'wouter';
import { useApiQuery } from '../../api/ApiProvider';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { duration } from '../../lib/format';
import { ClassCounts } from './ClassCounts';
import { SampleGrid } from './SampleGrid';

export function DatasetBrowserPage() {
  const { id = '' } = useParams<{ id: string }>();
  const inspection = useApiQuery('datasets.inspect', { id });
  const data = inspection.data;
  return (
    <>
      <Breadcrumbs mb="xs">
        <Anchor component={Link} href="/datasets">
          Datasets
        </Anchor>
        <Text>{data?.name ?? id}</Text>
      </Breadcrumbs>
      <PageHeader
        title={data?.name ?? 'Dataset'}
        subtitle={
          data
            ? `${data.kind} · ${data.classes.length} classes · ${data.counts.train + data.counts.val + data.counts.test} samples · clips ${data.durations.min.toFixed(2)}–${data.durations.max.toFixed(2)} s (${duration(data.durations.total)} in all)${data.rejected ? ` · ${data.rejected} files rejected at import` : ''}`
            : undefined
        }
      />
      {inspection.isPending && <Skeleton h={240} />}
      {inspection.isError && (
        <EmptyState title="This dataset could not be opened">
          {inspection.error.message} — go back to Datasets and pick another one, or import it again.
        </EmptyState>
      )}
      {data && (
        <Stack gap="lg">
          <ClassCounts classes={data.classes} classCounts={data.classCounts} />
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {data.features
                ? `Features cached: log-mel ${data.features.audioShape.join('×')}, image ${data.features.imageShape.join('×')} (${data.features.storage}).`
                : 'Features are computed with the first run.'}
            </Text>
          </Group>
          <SampleGrid datasetId={id} classes={data.classes} />
        </Stack>
      )}
    </>
  );
}
