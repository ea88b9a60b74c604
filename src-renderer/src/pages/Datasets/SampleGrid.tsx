import { Box, Group, Select, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useElementSize, useMergedRef } from '@mantine/hooks';
import { SPLITS, type Split } from '@shared/domain/dataset';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useLocation } from 'wouter';
import { useApi } from '../../api/ApiProvider';
import { CARD_HEIGHT, SampleCard } from './SampleCard';
import { thumbnailStoreFor } from './thumbnail-store';
import { type SampleFilter, useSampleList } from './use-sample-list';

const MIN_CARD_WIDTH = 220;
const GAP = 8;

/** Cards per row for the grid's width (4 before it has been measured). */
export function columnsFor(width: number): number {
  if (width <= 0) return 4;
  return Math.max(1, Math.floor((width + GAP) / (MIN_CARD_WIDTH + GAP)));
}

/**
 * Every sample of the dataset in one scrolling grid, filterable by split and class. Only the rows
 * on screen (and a few around them) exist in the page: the list comes in chunks and thumbnails
 * per card as rows scroll in, so a dataset of tens of thousands scrolls as one of a hundred.
 */
export function SampleGrid({ datasetId, classes }: { datasetId: string; classes: string[] }) {
  const api = useApi();
  const [filter, setFilter] = useState<SampleFilter>({ split: null, label: null });
  const [visible, setVisible] = useState({ first: 0, last: 0 });
  const [, navigate] = useLocation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const { ref: sizeRef, width } = useElementSize();
  const ref = useMergedRef(scrollRef, sizeRef);
  const cols = columnsFor(width);
  const list = useSampleList(datasetId, filter, visible);
  const total = list.total ?? 0;

  const virtualizer = useVirtualizer({
    count: Math.ceil(total / cols),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT,
    overscan: 2,
  });
  const rows = virtualizer.getVirtualItems();
  const first = (rows[0]?.index ?? 0) * cols;
  const last = Math.min(total, ((rows[rows.length - 1]?.index ?? 0) + 1) * cols) - 1;
  useEffect(() => {
    setVisible((v) => (v.first === first && v.last === last ? v : { first, last }));
  }, [first, last]);

  const store = useMemo(
    () =>
      thumbnailStoreFor(api, datasetId, async (indices) => {
        return (await api.call('datasets.thumbnails', { id: datasetId, indices })).items;
      }),
    [api, datasetId],
  );
  useSyncExternalStore(store.subscribe, store.getVersion);
  const shown: number[] = [];
  for (let i = Math.max(first, 0); i <= last; i++) {
    const sample = list.item(i);
    if (sample) shown.push(sample.index);
  }
  const shownKey = shown.join(',');
  useEffect(() => {
    for (const index of shownKey ? shownKey.split(',') : []) store.request(Number(index));
  }, [store, shownKey]);

  const changeFilter = (next: Partial<SampleFilter>) => {
    setFilter((f) => ({ ...f, ...next }));
    virtualizer.scrollToOffset(0);
  };

  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <Select
          label="Split"
          placeholder="All splits"
          data={SPLITS.map((s) => ({ value: s, label: s }))}
          value={filter.split}
          onChange={(value) => changeFilter({ split: value as Split | null })}
          clearable
          w={160}
          data-testid="filter-split"
        />
        <Select
          label="Class"
          placeholder="All classes"
          data={classes.map((c, i) => ({ value: String(i), label: c }))}
          value={filter.label === null ? null : String(filter.label)}
          onChange={(value) => changeFilter({ label: value === null ? null : Number(value) })}
          clearable
          searchable
          w={200}
          data-testid="filter-class"
        />
        <Text size="sm" c="dimmed" ml="auto" data-testid="sample-total">
          {list.total === undefined ? '' : `${total} samples`}
        </Text>
      </Group>
      {list.error && <Text c="red">{list.error.message}</Text>}
      {list.isPending ? (
        <Skeleton h={200} />
      ) : total === 0 ? (
        <Text c="dimmed">No sample matches these filters: clear the split or class.</Text>
      ) : null}
      <Box
        ref={ref}
        role="region"
        aria-label="Samples"
        tabIndex={0}
        data-testid="sample-grid"
        h={total === 0 ? 0 : 'min(70vh, 760px)'}
        style={{ overflowY: 'auto', contain: 'strict' }}
      >
        <Box pos="relative" w="100%" h={virtualizer.getTotalSize()}>
          {rows.map((row) => (
            <SimpleGrid
              key={row.key}
              cols={cols}
              spacing={GAP}
              pos="absolute"
              top={0}
              left={0}
              w="100%"
              h={CARD_HEIGHT}
              style={{ transform: `translateY(${row.start}px)` }}
            >
              {Array.from({ length: cols }, (_, c) => {
                const i = row.index * cols + c;
                if (i >= total) return null;
                const sample = list.item(i);
                if (!sample) return <Skeleton key={i} h={CARD_HEIGHT - 8} />;
                return (
                  <SampleCard
                    key={sample.index}
                    sample={sample}
                    thumbnail={store.get(sample.index)}
                    onOpen={() =>
                      navigate(`/datasets/${encodeURIComponent(datasetId)}/samples/${sample.index}`)
                    }
                  />
                );
              })}
            </SimpleGrid>
          ))}
        </Box>
      </Box>
    </Stack>
  );
}
