import type { ComponentType } from 'react';
import { AttentionPage } from './pages/Attention/AttentionPage';
import { ComparePage } from './pages/Compare/ComparePage';
import { DatasetBrowserPage } from './pages/Datasets/DatasetBrowserPage';
import { DatasetsPage } from './pages/Datasets/DatasetsPage';
import { SamplePage } from './pages/Datasets/SamplePage';
import { NewExperimentPage } from './pages/NewExperiment/NewExperimentPage';
import { RunsPage } from './pages/Runs/RunsPage';
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

/** Pages reached from others (not in the navigation); matched before the navigation routes. */
export const DETAIL_ROUTES: { path: string; component: ComponentType }[] = [
  { path: '/datasets/:id/samples/:index', component: SamplePage },
  { path: '/datasets/:id', component: DatasetBrowserPage },
];
