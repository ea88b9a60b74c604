import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Group,
  NavLink,
  Text,
  Title,
  Tooltip,
  useComputedColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useApi, useApiEvents, useApiMutation, useApiQuery } from '../api/ApiProvider';
import { ROUTES } from '../routes';

export function Shell({ children }: { children: ReactNode }) {
  const [opened, { toggle }] = useDisclosure();
  const [location] = useLocation();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={4}>AV Prompt Lab</Title>
          </Group>
          <Group gap="sm">
            <TransportBadge />
            <ThemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {ROUTES.map((route) => (
          <NavLink
            key={route.path}
            component={Link}
            href={route.path}
            label={route.label}
            description={route.description}
            active={location === route.path || location.startsWith(`${route.path}/`)}
            data-testid={`nav-${route.path.slice(1).replaceAll('/', '-')}`}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}

function TransportBadge() {
  const api = useApi();
  const info = useApiQuery('app.info', {});
  const queryClient = useQueryClient();
  useApiEvents((event) => {
    // The worker loads TensorFlow with the first run; the badge then names the backend.
    if (event.type === 'backend.loaded')
      void queryClient.invalidateQueries({ queryKey: ['app.info'] });
  });
  const backend = info.data?.backend?.name;
  return (
    <Group gap={6}>
      <Badge variant="light" color="gray">
        {api.transport === 'ipc' ? 'desktop' : 'web mode'}
      </Badge>
      {backend && (
        <Badge variant="light" color="indigo">
          tfjs: {backend}
        </Badge>
      )}
      {info.data && !backend && (
        <Text size="xs" c="dimmed">
          backend loads with the first run
        </Text>
      )}
    </Group>
  );
}

function ThemeToggle() {
  const scheme = useComputedColorScheme('light');
  const update = useApiMutation('settings.update', ['settings.get']);
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to ${next} theme`}
        onClick={() => update.mutate({ theme: next })}
        data-testid="theme-toggle"
      >
        {scheme === 'dark' ? '☀' : '☾'}
      </ActionIcon>
    </Tooltip>
  );
}
