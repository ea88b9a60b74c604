import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** What an empty page shows: what is missing and what to do next. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Center py="xl">
      <Paper withBorder p="xl" maw={560} w="100%">
        <Stack gap="sm" align="center" ta="center">
          <Title order={4}>{title}</Title>
          <Text c="dimmed">{children}</Text>
          {action}
        </Stack>
      </Paper>
    </Center>
  );
}
