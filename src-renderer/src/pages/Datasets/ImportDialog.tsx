import {
  Alert,
  Button,
  Group,
  Modal,
  Progress,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core';
import type { DatasetImport } from '@shared/api/methods/datasets';
import type { ImporterKind, ImportReport } from '@shared/domain/dataset';
import { etaSeconds } from '@shared/domain/eta';
import { useState } from 'react';
import { useApiEvents, useApiMutation } from '../../api/ApiProvider';
import { notifySuccess } from '../../components/notify';
import { type ImportFormValues, ImportOptionsForm, importRequest } from './ImportOptionsForm';
import { ImportReportView } from './ImportReportView';

const KINDS: { value: ImporterKind; label: string }[] = [
  { value: 'demo', label: 'Demo' },
  { value: 'manifest', label: 'CSV manifest' },
  { value: 'folders', label: 'Class folders' },
  { value: 'avmnist', label: 'AV-MNIST' },
  { value: 'video', label: 'Video clips' },
];

/** Imports a dataset, shows progress while it runs and the import report (with rejected files) after. */
export function ImportDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [kind, setKind] = useState<ImporterKind>('demo');
  const [values, setValues] = useState<ImportFormValues>({});
  const [progress, setProgress] = useState<{
    stage: string;
    done: number;
    total: number;
    /** When the stage started (ms), for the time left. */
    since: number;
  } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const importDataset = useApiMutation('datasets.import', ['datasets.list']);

  useApiEvents((event) => {
    if (event.type === 'dataset.progress' && importDataset.isPending)
      setProgress((last) => ({
        stage: event.stage,
        done: event.done,
        total: event.total,
        since: last?.stage === event.stage ? last.since : Date.now(),
      }));
  });

  const close = () => {
    setReport(null);
    setProgress(null);
    importDataset.reset();
    onClose();
  };
  const request: DatasetImport | string = importRequest(kind, values);
  const start = () => {
    if (typeof request === 'string') return;
    setReport(null);
    importDataset.mutate(request, {
      onSuccess: (result) => {
        setReport(result);
        notifySuccess(
          `${result.name}: ${result.counts.train + result.counts.val + result.counts.test} samples`,
          'Dataset imported',
        );
      },
      onSettled: () => setProgress(null),
    });
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Import a dataset"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close the import dialog' }}
    >
      {report ? (
        <Stack>
          <ImportReportView report={report} />
          <Group justify="flex-end">
            <Button onClick={close} data-testid="import-done">
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <SegmentedControl
            aria-label="Importer"
            value={kind}
            onChange={(value) => setKind(value as ImporterKind)}
            data={KINDS}
            fullWidth
          />
          <ImportOptionsForm kind={kind} values={values} onChange={setValues} />
          {typeof request === 'string' && (
            <Text size="sm" c="dimmed">
              {request}
            </Text>
          )}
          {importDataset.isPending && (
            <Stack gap={4} aria-live="polite">
              <Text size="sm">
                {progress
                  ? `${progress.stage}: ${progress.done} / ${progress.total}${timeLeft(progress)}`
                  : 'Starting…'}
              </Text>
              <Progress
                value={progress && progress.total > 0 ? (100 * progress.done) / progress.total : 0}
                animated
              />
            </Stack>
          )}
          {importDataset.isError && (
            <Alert color="red" title="Import failed">
              {importDataset.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              onClick={start}
              loading={importDataset.isPending}
              disabled={typeof request === 'string'}
              data-testid="start-import"
            >
              Import
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** " · about 2 min left", from the stage's rate so far (nothing until some items are done). */
function timeLeft(p: { done: number; total: number; since: number }): string {
  const seconds = etaSeconds(p.done, p.total - p.done, Date.now() - p.since);
  if (seconds === null || seconds < 1) return '';
  return ` · about ${seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`} left`;
}
