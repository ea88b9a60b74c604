import { Button, Group, Text } from '@mantine/core';
import type { ExportTable } from '@shared/api/methods/experiments';
import type { ExportFormat } from '@shared/report/format-table';
import type { ResultMetric } from '@shared/report/results-table';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { notifyError, notifySuccess } from '../../components/notify';
import { saveFile } from '../../lib/save-file';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'md', label: 'Markdown' },
  { format: 'latex', label: 'LaTeX' },
  { format: 'json', label: 'JSON' },
];

/**
 * A table as a file, formatted on the main side exactly as the CLI exports it; saved through the
 * system dialog in the desktop app, downloaded in web mode.
 */
export function ExportMenu({
  experimentId,
  metric,
  table = 'results',
}: {
  experimentId: number;
  metric: ResultMetric;
  table?: ExportTable;
}) {
  const api = useApi();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const save = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const file = await api.call('experiments.export', {
        id: experimentId,
        format,
        metric,
        table,
      });
      const saved = await saveFile({
        suggestedName: file.filename,
        mime: file.mime,
        data: file.content,
      });
      if (saved.status === 'saved') notifySuccess(`Saved to ${saved.path}`);
    } catch (error) {
      notifyError(error, `The ${format} export failed`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap={6}>
      <Text size="sm" c="dimmed">
        Export table:
      </Text>
      {FORMATS.map(({ format, label }) => (
        <Button
          key={format}
          size="xs"
          variant="light"
          onClick={() => void save(format)}
          loading={busy === format}
          data-testid={table === 'results' ? `export-${format}` : `export-${table}-${format}`}
        >
          {label}
        </Button>
      ))}
    </Group>
  );
}
