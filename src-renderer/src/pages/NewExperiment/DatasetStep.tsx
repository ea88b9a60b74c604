import { Select, Stack, TextInput } from '@mantine/core';
import type { DatasetSummary } from '@shared/domain/dataset';
import { errorFor } from './scenario-draft';
import type { StepProps } from './step-props';

export function DatasetStep({
  draft,
  update,
  errors,
  datasets,
}: StepProps & { datasets: DatasetSummary[] }) {
  return (
    <Stack maw={560}>
      <TextInput
        label="Experiment name"
        description="Shown on Runs and Compare, and used for exported file names."
        value={draft.name}
        onChange={(e) => {
          const name = e.currentTarget.value;
          update((d) => ({ ...d, name }));
        }}
        error={errorFor(errors, 'name')}
        data-testid="wizard-name"
      />
      <Select
        label="Dataset"
        placeholder="Pick a dataset"
        data={datasets.map((d) => ({
          value: d.id,
          label: `${d.name} (${d.task === 'multi-label' ? 'multi-label, ' : ''}${d.classes.length} classes, ${d.counts.train ?? 0} train)`,
        }))}
        value={draft.datasetId || null}
        onChange={(id) => update((d) => ({ ...d, datasetId: id ?? '' }))}
        error={errorFor(errors, 'datasetId')}
        data-testid="wizard-dataset"
      />
    </Stack>
  );
}
