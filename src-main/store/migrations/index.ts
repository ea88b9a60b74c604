import type { Migration } from '../migrate';
import { settings } from './0001-settings';
import { datasets } from './0002-datasets';
import { experimentsAndRuns } from './0003-experiments-runs';
import { results } from './0004-results';
import { protocol } from './0005-protocol';
import { stepMetrics } from './0006-step-metrics';
import { efficiencyWorkers } from './0007-efficiency-workers';
import { dropDatasetsIndex } from './0008-drop-datasets-index';
import { multiLabel } from './0009-multi-label';
import { modalityMode } from './0010-modality-mode';
import { runCompute } from './0011-run-compute';

/** Every schema step in order; append only, never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  settings,
  datasets,
  experimentsAndRuns,
  results,
  protocol,
  stepMetrics,
  efficiencyWorkers,
  dropDatasetsIndex,
  multiLabel,
  modalityMode,
  runCompute,
];
