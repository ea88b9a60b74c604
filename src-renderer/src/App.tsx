import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import type { AvlabApi } from '@shared/api/contract';
import { Redirect, Route, Router, Switch } from 'wouter';
import { ApiProvider } from './api/ApiProvider';
import { RouteErrorBoundary } from './components/RouteErrorBoundary';
import { Shell } from './layout/Shell';
import { ThemeSync } from './layout/ThemeSync';
import { useHashPathLocation } from './lib/hash-location';
import { DETAIL_ROUTES, ROUTES } from './routes';
import { theme } from './theme';

export function App({ api }: { api: AvlabApi }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <ApiProvider api={api}>
        <ThemeSync />
        {/* Hash routing works the same from file:// (Electron) and http:// (web mode). */}
        <Router hook={useHashPathLocation}>
          <Shell>
            <RouteErrorBoundary>
              <Switch>
                {DETAIL_ROUTES.map((route) => (
                  <Route key={route.path} path={route.path} component={route.component} />
                ))}
                {ROUTES.map((route) => (
                  <Route key={route.path} path={route.path} component={route.component} />
                ))}
                <Route>
                  <Redirect to="/datasets" />
                </Route>
              </Switch>
            </RouteErrorBoundary>
          </Shell>
        </Router>
      </ApiProvider>
    </MantineProvider>
  );
}
