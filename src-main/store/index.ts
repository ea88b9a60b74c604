import type { Db } from './connection';
import { ExperimentRepository } from './repositories/experiment-repository';
import { ResultsRepository } from './repositories/results-repository';
import { RunRepository } from './repositories/run-repository';
import { SettingsRepository } from './repositories/settings-repository';
import { StepMetricsRepository } from './repositories/step-metrics-repository';

/** Every repository over one connection: the main process is the database's only writer. */
export interface Store {
  db: Db;
  settings: SettingsRepository;
  experiments: ExperimentRepository;
  runs: RunRepository;
  results: ResultsRepository;
  steps: StepMetricsRepository;
}

export function createStore(db: Db): Store {
  return {
    db,
    settings: new SettingsRepository(db),
    experiments: new ExperimentRepository(db),
    runs: new RunRepository(db),
    results: new ResultsRepository(db),
    steps: new StepMetricsRepository(db),
  };
}
