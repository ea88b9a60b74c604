import { Alert, Button, Code, Stack } from '@mantine/core';
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** A page that throws shows what broke and a way back, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title="This page failed to render" role="alert">
        <Stack gap="sm">
          <Code block>{this.state.error.message}</Code>
          <Button variant="light" onClick={() => this.setState({ error: null })} w="fit-content">
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }
}
