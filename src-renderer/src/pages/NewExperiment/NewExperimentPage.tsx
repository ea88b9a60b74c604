import { Alert, Button, FileButton, Group, Skeleton, Stepper } from '@mantine/core';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useApiMutation, useApiQuery } from '../../api/ApiProvider';
import { EmptyState } from '../../components/EmptyState';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { downloadText, readFileText, slugify } from '../../lib/download';
import { CasesStep } from './CasesStep';
import { DatasetStep } from './DatasetStep';
import { MethodsStep } from './MethodsStep';
import { ReviewStep } from './ReviewStep';
import { SeedsStep } from './SeedsStep';
import {
  defaultDraft,
  draftFromSpec,
  type ScenarioDraft,
  specJson,
  stepErrors,
  stepOfField,
  validateDraft,
} from './scenario-draft';
import { TrainingStep } from './TrainingStep';
import { useImportedModel } from './use-imported-model';
import { useMeasuredRates } from './use-measured-rates';

const STEPS = [
  { label: 'Dataset', description: 'Name and data' },
  { label: 'Cases', description: 'Corruptions, η' },
  { label: 'Methods', description: 'FT, PL, LoRA, Adapter' },
  { label: 'Training', description: 'Preset, epochs, lr' },
  { label: 'Seeds', description: 'Repeats' },
  { label: 'Review', description: 'Estimate and start' },
];

export function NewExperimentPage() {
  const datasets = useApiQuery('datasets.list', {});
  if (datasets.isPending) return <Skeleton h={300} />;
  if (datasets.isSuccess && datasets.data.length === 0) {
    return (
      <>
        <PageHeader title="New experiment" subtitle="Configure a scenario" />
        <EmptyState
          title="No dataset to experiment on"
          action={
            <Button component={Link} href="/datasets">
              Go to Datasets
            </Button>
          }
        >
          The scenario wizard needs a dataset: import one (the demo dataset takes seconds) on the
          Datasets page first.
        </EmptyState>
      </>
    );
  }
  return <ScenarioWizard datasets={datasets.data ?? []} />;
}

export function ScenarioWizard({
  datasets,
}: {
  datasets: NonNullable<ReturnType<typeof useApiQuery<'datasets.list'>>['data']>;
}) {
  const [draft, setDraft] = useState<ScenarioDraft>(() => defaultDraft(datasets[0]?.id ?? ''));
  // Bumped when a spec is loaded, so steps that keep raw text (seeds, rates) start again from it.
  const [loadCount, setLoadCount] = useState(0);
  const [active, setActive] = useState(0);
  const [blocked, setBlocked] = useState<string[]>([]);
  const [, navigate] = useLocation();
  const rates = useMeasuredRates();
  const model = useImportedModel(draft.model, draft.backbone.from);
  const create = useApiMutation('experiments.create', ['experiments.list', 'runs.list']);
  const { scenario, errors } = validateDraft(draft);
  const props = {
    draft,
    update: (change: (d: ScenarioDraft) => ScenarioDraft) => setDraft(change),
    errors,
  };

  const goTo = (step: number) => {
    // Moving forward stops at the first step that still has an invalid field.
    for (let s = active; s < step; s++) {
      const bad = stepErrors(errors, s);
      if (bad.length) {
        setActive(s);
        setBlocked(bad);
        return;
      }
    }
    setBlocked([]);
    setActive(step);
  };

  const load = async (file: File | null) => {
    if (!file) return;
    try {
      const loaded = draftFromSpec(JSON.parse(await readFileText(file)), datasets[0]?.id ?? '');
      setDraft(loaded);
      setLoadCount((n) => n + 1);
      const firstBad = Object.keys(validateDraft(loaded).errors)[0];
      setActive(firstBad ? stepOfField(firstBad) : STEPS.length - 1);
      notifySuccess(
        `${file.name} loaded${firstBad ? ': fix the fields marked in red' : ''}`,
        'Scenario loaded',
      );
    } catch (error) {
      notifyError(error, `${file.name} is not an experiment spec`);
    }
  };
  const save = () => {
    if (scenario)
      downloadText(
        `${slugify(scenario.name, 'scenario')}.json`,
        'application/json',
        specJson(scenario),
      );
  };
  const start = () => {
    if (!scenario) return;
    create.mutate(
      { scenario },
      {
        onSuccess: (result) => {
          notifySuccess(`${result.runs.length} runs queued`, `${result.experiment.name} started`);
          navigate(`/runs?experiment=${result.experiment.id}`);
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        title="New experiment"
        subtitle="Configure a scenario: dataset, cases and corruptions, methods, model and training, seeds."
        actions={
          <Group gap="xs">
            <FileButton onChange={(f) => void load(f)} accept="application/json,.json">
              {(p) => (
                <Button variant="default" {...p} data-testid="load-spec">
                  Load spec JSON
                </Button>
              )}
            </FileButton>
            <Button variant="default" onClick={save} disabled={!scenario} data-testid="save-spec">
              Save spec JSON
            </Button>
          </Group>
        }
      />
      <Stepper active={active} onStepClick={goTo} size="sm" mb="lg" allowNextStepsSelect>
        {STEPS.map((s, i) => (
          <Stepper.Step
            key={s.label}
            label={s.label}
            description={s.description}
            color={stepErrors(errors, i).length ? 'red' : undefined}
          >
            {i === 0 && <DatasetStep {...props} datasets={datasets} />}
            {i === 1 && <CasesStep key={loadCount} {...props} />}
            {i === 2 && <MethodsStep {...props} />}
            {i === 3 && (
              <TrainingStep {...props} dataset={datasets.find((d) => d.id === draft.datasetId)} />
            )}
            {i === 4 && <SeedsStep key={loadCount} {...props} />}
            {i === 5 && (
              <ReviewStep
                scenario={scenario}
                errors={errors}
                dataset={datasets.find((d) => d.id === draft.datasetId)}
                rates={rates}
                model={model}
              />
            )}
          </Stepper.Step>
        ))}
      </Stepper>
      {blocked.length > 0 && (
        <Alert color="red" mb="md" role="alert" data-testid="step-blocked">
          Fix the fields marked in red before going on ({blocked.join(', ')}).
        </Alert>
      )}
      <Group justify="space-between">
        <Button
          variant="default"
          onClick={() => setActive((s) => Math.max(0, s - 1))}
          disabled={active === 0}
        >
          Back
        </Button>
        {active < STEPS.length - 1 ? (
          <Button onClick={() => goTo(active + 1)} data-testid="wizard-next">
            Next
          </Button>
        ) : (
          <Button
            onClick={start}
            disabled={!scenario}
            loading={create.isPending}
            data-testid="wizard-start"
          >
            Start experiment
          </Button>
        )}
      </Group>
    </>
  );
}
