import { Select } from '@mantine/core';
import { LabelledSegmentedControl } from '../../components/LabelledSegmentedControl';
import { DIRECTION_LABELS, type Direction } from './average-view';

/** Which cross-attention map a view shows: its fusion block and its direction. */
export function BlockDirectionPicker({
  blocks,
  block,
  onBlock,
  direction,
  onDirection,
}: {
  blocks: readonly number[];
  block: number;
  onBlock: (block: number) => void;
  direction: Direction;
  onDirection: (direction: Direction) => void;
}) {
  return (
    <>
      <Select
        label="Fusion block"
        data={blocks.map((b) => ({ value: String(b), label: `block ${b}` }))}
        value={String(block)}
        onChange={(v) => v && onBlock(Number(v))}
        allowDeselect={false}
        w={140}
      />
      <LabelledSegmentedControl
        label="Direction"
        value={direction}
        onChange={(v) => onDirection(v as Direction)}
        data={Object.entries(DIRECTION_LABELS).map(([value, label]) => ({ value, label }))}
      />
    </>
  );
}
