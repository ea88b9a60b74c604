import { SegmentedControl, type SegmentedControlProps, Stack, Text } from '@mantine/core';
import { useId } from 'react';

/** A SegmentedControl with a visible label above it (Mantine's has none), named by that label. */
export function LabelledSegmentedControl({
  label,
  gap = 4,
  ...control
}: SegmentedControlProps & { label: string; gap?: number }) {
  const labelId = useId();
  return (
    <Stack gap={gap}>
      <Text size="sm" fw={500} id={labelId}>
        {label}
      </Text>
      <SegmentedControl aria-labelledby={labelId} {...control} />
    </Stack>
  );
}
