import { Alert, Badge, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { type ImportReport, SPLITS } from '@shared/domain/dataset';
import { duration } from '../../lib/format';
import { ClassCounts } from './ClassCounts';
import { VideoImportSummary } from './VideoImportSummary';

/** What an import did: counts per split, and every file it left out with the reason. */
export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <Stack gap="sm" data-testid="import-report">
      <Group gap="xs">
        <Text fw={600}>{report.name}</Text>
        <Badge variant="light">{report.kind}</Badge>
        <Text size="sm" c="dimmed">
          in {duration(report.importSeconds)}
        </Text>
      </Group>
      <Text size="sm">
        train {report.counts.train} · val {report.counts.val} · test {report.counts.test}
        {report.features && ` · features cached in ${duration(report.features.seconds)}`}
      </Text>
      {report.video && <VideoImportSummary video={report.video} />}
      <Text size="sm" fw={600}>
        Label distribution
        {report.task === 'multi-label' && (
          <Text span size="xs" c="dimmed" fw={400}>
            {' '}
            (multi-label: each label of a sample counts)
          </Text>
        )}
      </Text>
      <ClassCounts classes={classesOf(report)} classCounts={report.classCounts} />
      {report.rejected.length === 0 ? (
        <Alert color="teal" variant="light">
          No file was rejected.
        </Alert>
      ) : (
        <>
          <Alert color="yellow" variant="light" title={`${report.rejected.length} files rejected`}>
            They were left out of the dataset; the reasons are below.
          </Alert>
          <ScrollArea.Autosize mah={240}>
            <Table data-testid="rejected-files">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>File</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.rejected.map((r) => (
                  <Table.Tr key={`${r.file}:${r.reason}`}>
                    <Table.Td>
                      <Text size="xs" ff="monospace">
                        {r.file}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{r.reason}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </>
      )}
    </Stack>
  );
}

/** Every class the report counts, in the order it lists them. */
function classesOf(report: ImportReport): string[] {
  return [...new Set(SPLITS.flatMap((split) => Object.keys(report.classCounts[split] ?? {})))];
}
