import { Badge } from '@mantine/core';
import type { RunStatus } from '@shared/domain/records';

const COLORS: Record<RunStatus, string> = {
  queued: 'gray',
  running: 'blue',
  paused: 'yellow',
  done: 'teal',
  failed: 'red',
  cancelled: 'dark',
  interrupted: 'orange',
};

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="run-status">
      {status}
    </Badge>
  );
}
