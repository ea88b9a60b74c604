import type { ExperimentDetail } from '@shared/api/methods/experiments';
import type { EfficiencyRecord } from '@shared/domain/records';
import { buildEfficiencyTable, formatEfficiencyTable } from '@shared/report/efficiency-table';
import { formatResultsTable } from '@shared/report/format-table';
import { buildRelianceReport, formatRelianceReport } from '@shared/report/modality-reliance';
import { buildPerClassAp } from '@shared/report/per-class-ap';
import { buildPooledConfusions } from '@shared/report/pooled-confusion';
import { buildResultsTable } from '@shared/report/results-table';
import { runCountsInTables } from '@shared/report/table-evaluations';
import { primaryMetric, TASK_METRICS, taskOfEvaluations } from '@shared/report/task-metric';
import { backboneShapeMismatch, readBackbone } from '../../data/backbone-library';
import { invalid, notFound } from '../../errors';
import {
  modalityModeRefusalOf,
  type PretrainedBackbone,
  planScenario,
} from '../../jobs/plan-scenario';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';
import { datasetForRuns } from './dataset-checks';
import { checkRecipeFitsTask, scenarioRecipes } from './task-checks';

const MIME = {
  csv: 'text/csv',
  md: 'text/markdown',
  latex: 'application/x-latex',
  json: 'application/json',
};
const EXTENSION = { csv: 'csv', md: 'md', latex: 'tex', json: 'json' };

export function experimentHandlers(
  ctx: AppContext,
): HandlerGroup<
  | 'experiments.list'
  | 'experiments.get'
  | 'experiments.create'
  | 'experiments.export'
  | 'experiments.breakdown'
> {
  const { store, queue } = ctx;
  const pretrainedFor = (id: string | undefined): PretrainedBackbone | undefined => {
    if (!id) return undefined;
    try {
      return { id, config: readBackbone(ctx.layout, id).config };
    } catch (e) {
      throw invalid('params.scenario.backbone.from', (e as Error).message);
    }
  };
  /**
   * An experiment with its runs and evaluations (both splits; tables read the test split). Grid
   * points validation did not select keep their runs listed but their evaluations out; ad hoc
   * evaluations come only when asked for, and then count as the protocol's in tables.
   */
  const detail = (id: number, adHoc = false): ExperimentDetail => {
    const experiment = store.experiments.get(id);
    if (!experiment) throw notFound(`Experiment ${id}`);
    const runs = store.runs.listByExperiment(id).map((run) => queue.asSeen(run));
    return {
      experiment,
      runs,
      evaluations: store.results
        .experimentEvaluations(id, { adHoc })
        .map((e) => (adHoc ? { ...e, adHoc: false } : e)),
      efficiency: runs
        .map((r) => store.results.efficiency(r.id))
        .filter((e): e is EfficiencyRecord => e !== null),
    };
  };

  return {
    'experiments.list': () => store.experiments.list(),
    'experiments.get': ({ id, adHoc }) => detail(id, adHoc),

    'experiments.create': ({ scenario }) => {
      // Like runs.create: queued runs need no queue; the process that holds it trains them.
      const dataset = datasetForRuns(ctx, scenario.datasetId, 'params.scenario.datasetId');
      checkRecipeFitsTask(dataset, scenarioRecipes(scenario));
      const pretrained = pretrainedFor(scenario.backbone.from);
      const mismatch =
        pretrained && dataset.features
          ? backboneShapeMismatch(pretrained.config, dataset.features)
          : null;
      if (mismatch) throw invalid('params.scenario.backbone.from', mismatch);
      const modesRefused = modalityModeRefusalOf(scenario, pretrained);
      if (modesRefused) throw invalid('params.scenario.evaluation.promptings', modesRefused);
      const plan = planScenario(scenario, pretrained);
      const created = store.runs.transaction(() => {
        const experiment = store.experiments.create(scenario);
        const idByKey = new Map<string, number>();
        const runs = plan.map((p) => {
          const run = store.runs.create({
            experimentId: experiment.id,
            parentRunId: p.parentKey === null ? null : idByKey.get(p.parentKey)!,
            datasetId: scenario.datasetId,
            role: p.role,
            config: p.config,
          });
          idByKey.set(p.key, run.id);
          return run;
        });
        return { experiment, runs };
      });
      queue.pump();
      return created;
    },

    'experiments.export': ({ id, format, table, metric: asked, digits, adHoc }) => {
      const { experiment, runs: allRuns, evaluations, efficiency } = detail(id, adHoc);
      const runs = allRuns.filter(runCountsInTables);
      // The metric must fit the experiment's task (an accuracy of a multi-label run, or an mAP
      // of a single-label one, does not exist); absent, the task's primary one.
      const task = taskOfEvaluations(evaluations);
      const metric = asked ?? primaryMetric(task);
      if (table === 'results' && !TASK_METRICS[task].includes(metric))
        throw invalid(
          'params.metric',
          `'${metric}' does not fit experiment ${id}, whose dataset is ${task} (use ${TASK_METRICS[task].join(' or ')})`,
        );
      const slug =
        experiment.name.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '') || `experiment-${id}`;
      const content =
        table === 'efficiency'
          ? formatEfficiencyTable(buildEfficiencyTable(runs, efficiency), format, digits)
          : table === 'reliance'
            ? formatRelianceReport(buildRelianceReport(runs, evaluations), format, digits)
            : formatResultsTable(
                buildResultsTable(runs, evaluations, metric),
                format,
                digits,
                // Multi-label evaluations have no confusion matrix: per-class AP instead.
                task === 'multi-label'
                  ? { perClassAp: buildPerClassAp(runs, evaluations) }
                  : { confusions: buildPooledConfusions(runs, evaluations) },
              );
      return {
        filename: `${slug}-${table === 'results' ? metric : table}.${EXTENSION[format]}`,
        mime: MIME[format],
        content,
      };
    },

    'experiments.breakdown': ({ id }) => {
      const { runs, evaluations } = detail(id);
      return {
        confusions: buildPooledConfusions(runs, evaluations),
        reliance: buildRelianceReport(runs, evaluations),
      };
    },
  };
}
