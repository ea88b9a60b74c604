import type { ComponentType } from 'react';
import { AttentionPage } from './pages/AttentionPage';
import { ComparePage } from './pages/ComparePage';
import { DatasetsPage } from './pages/DatasetsPage';
import { NewExperimentPage } from './pages/NewExperimentPage';
import { RunsPage } from './pages/RunsPage';
import { SettingsPage } from './pages/SettingsPage';

export interface PageRoute {
  path: string;
  label: string;
  description: string;
  component: ComponentType;
}

/** The navigation, in the order a researcher's day goes. */
export const ROUTES: PageRoute[] = [
  {
    path: '/datasets',
    label: 'Datasets',
    description: 'Import and browse data',
    component: DatasetsPage,
  },
  {
    path: '/experiments/new',
    label: 'New experiment',
    description: 'Configure a scenario',
    component: NewExperimentPage,
  },
  { path: '/runs', label: 'Runs', description: 'Queue, progress, history', component: RunsPage },
  { path: '/compare', label: 'Compare', description: 'FT vs PL per case', component: ComparePage },
  {
    path: '/attention',
    label: 'Attention',
    description: 'Cross-attention heatmaps',
    component: AttentionPage,
  },
  {
    path: '/settings',
    label: 'Settings',
    description: 'Backend, theme, about',
    component: SettingsPage,
  },
];
