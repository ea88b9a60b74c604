import {
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { BACKENDS, type BackendName } from '@shared/domain/backend';
import { useApiMutation, useApiQuery } from '../api/ApiProvider';
import { PageHeader } from '../components/PageHeader';
import { DistributedSettings } from './DistributedSettings';
import { VideoToolSettings } from './VideoToolSettings';

export function SettingsPage() {
  const info = useApiQuery('app.info', {});
  const settings = useApiQuery('settings.get', {});
  const update = useApiMutation('settings.update', ['settings.get', 'app.info']);

  return (
    <>
      <PageHeader
        title="Settings"
        subtitle="Training backend, appearance, and what this build is."
      />
      <Stack gap="lg" maw={720}>
        <Card withBorder>
          <Title order={4} mb="sm">
            Preferences
          </Title>
          {settings.data ? (
            <Stack gap="md">
              <Stack gap={4}>
                <Text size="sm" fw={500} id="theme-label">
                  Theme
                </Text>
                <SegmentedControl
                  aria-labelledby="theme-label"
                  value={settings.data.theme}
                  onChange={(theme) => update.mutate({ theme: theme as 'light' | 'dark' | 'auto' })}
                  data={[
                    { value: 'light', label: 'Light' },
                    { value: 'dark', label: 'Dark' },
                    { value: 'auto', label: 'System' },
                  ]}
                />
              </Stack>
              <Select
                label="TensorFlow.js backend"
                description="Best available by default; an override applies to runs started afterwards."
                value={settings.data.backendOverride ?? 'auto'}
                onChange={(value) =>
                  update.mutate({
                    backendOverride: !value || value === 'auto' ? null : (value as BackendName),
                  })
                }
                data={[
                  { value: 'auto', label: 'Best available' },
                  ...BACKENDS.map((b) => ({ value: b, label: b })),
                ]}
                allowDeselect={false}
              />
              <NumberInput
                label="Runs trained at once"
                description="One per GPU. On a CPU, runs at once share the cores: a sweep may end sooner, but each run's time per epoch is no longer comparable."
                min={1}
                max={8}
                value={settings.data.concurrency}
                onChange={(value) =>
                  typeof value === 'number' && update.mutate({ concurrency: value })
                }
              />
              <NumberInput
                label="Cores for training"
                description="Shared evenly by the runs trained at once; each run trains data-parallel over its share. Empty: every core (or AVLAB_CORES)."
                placeholder="every core"
                min={1}
                max={1024}
                allowDecimal={false}
                value={settings.data.cores ?? ''}
                onChange={(value) =>
                  update.mutate({ cores: typeof value === 'number' ? value : null })
                }
              />
              <VideoToolSettings settings={settings.data} save={(patch) => update.mutate(patch)} />
            </Stack>
          ) : (
            <Skeleton h={160} />
          )}
        </Card>
        {settings.data ? (
          <DistributedSettings settings={settings.data} save={(patch) => update.mutate(patch)} />
        ) : null}
        <Card withBorder>
          <Title order={4} mb="sm">
            About
          </Title>
          {info.data ? (
            <Table>
              <Table.Tbody>
                <Row label="Version" value={`${info.data.name} ${info.data.version}`} />
                <Row label="Transport" value={info.data.transport} />
                <Row
                  label="TensorFlow backend"
                  value={
                    info.data.backend
                      ? info.data.backend.name
                      : 'not loaded yet (loads with the first run)'
                  }
                />
                <Row label="Backends installed" value={info.data.backendsInstalled.join(', ')} />
                <Row label="Data directory" value={info.data.dataDir} />
                <Row label="Node" value={info.data.node} />
                <Row label="Electron" value={info.data.electron ?? '— (web mode)'} />
                <Row label="Platform" value={info.data.platform} />
              </Table.Tbody>
            </Table>
          ) : (
            <Skeleton h={200} />
          )}
        </Card>
      </Stack>
    </>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Table.Tr>
      <Table.Th w={200}>{label}</Table.Th>
      <Table.Td>
        <Group gap="xs">
          <Text size="sm" data-testid={`about-${label.toLowerCase().replaceAll(' ', '-')}`}>
            {value}
          </Text>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
