import { NumberInput, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { DatasetSummary } from '@shared/domain/dataset';
import { METHOD_LABELS } from '@shared/domain/methods';
import { BackboneSource } from './BackboneSource';
import { errorFor, methodDraft, type StageDraft } from './scenario-draft';
import { numberOrUndefined, type StepProps } from './step-props';

export function TrainingStep({
  draft,
  update,
  errors,
  dataset,
}: StepProps & { dataset: DatasetSummary | undefined }) {
  return (
    <Stack gap="lg">
      <BackboneSource draft={draft} update={update} errors={errors} dataset={dataset} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <StageFields
          path="backbone"
          title="Backbone (FT on complete data)"
          values={draft.backbone}
          set={(key, value) => update((d) => ({ ...d, backbone: { ...d.backbone, [key]: value } }))}
          errors={errors}
        />
        {draft.methods.map((m) => (
          <StageFields
            key={m}
            path={`training.${m}`}
            testId={`training-${m}`}
            title={`${METHOD_LABELS[m]} (per case, from the backbone)`}
            values={{ ...methodDraft(m), ...draft.training[m] }}
            set={(key, value) =>
              update((d) => ({
                ...d,
                training: {
                  ...d.training,
                  [m]: { ...(d.training[m] ?? methodDraft(m)), [key]: value },
                },
              }))
            }
            errors={errors}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function StageFields({
  path,
  testId = path,
  title,
  values,
  set,
  errors,
}: {
  /** The stage's field path in the scenario (errors are reported under it). */
  path: string;
  testId?: string;
  title: string;
  values: StageDraft;
  set: (key: keyof StageDraft, value: unknown) => void;
  errors: StepProps['errors'];
}) {
  const num = (key: keyof StageDraft, label: string, extra: Record<string, unknown> = {}) => (
    <NumberInput
      label={label}
      value={(values[key] as number | undefined) ?? ''}
      onChange={(v) => set(key, numberOrUndefined(v))}
      error={errorFor(errors, `${path}.${key}`)}
      data-testid={`wizard-${testId}-${key}`}
      {...extra}
    />
  );
  return (
    <Paper withBorder p="md">
      <Title order={5} mb="xs">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {num('epochs', 'Epochs', { min: 1 })}
        {num('batchSize', 'Batch size', { min: 1 })}
        {num('lr', 'Learning rate', { min: 0, step: 0.0005, decimalScale: 6 })}
        <Select
          label="Schedule"
          data={[
            { value: 'cosine', label: 'Cosine' },
            { value: 'constant', label: 'Constant' },
          ]}
          value={values.schedule}
          onChange={(v) => v && set('schedule', v)}
          allowDeselect={false}
        />
        {num('warmupEpochs', 'Warm-up epochs', { min: 0 })}
        <Select
          label="Optimizer"
          data={[
            { value: 'adamw', label: 'AdamW' },
            { value: 'adam', label: 'Adam' },
          ]}
          value={values.optimizer}
          onChange={(v) => v && set('optimizer', v)}
          allowDeselect={false}
        />
        {num('weightDecay', 'Weight decay', { min: 0, max: 1, step: 0.01, decimalScale: 4 })}
        {num('labelSmoothing', 'Label smoothing', {
          min: 0,
          max: 0.5,
          step: 0.05,
          decimalScale: 3,
        })}
        {num('clipNorm', 'Gradient clip norm', { min: 0, step: 0.5 })}
        <Select
          label="Sampler"
          data={[
            { value: 'uniform', label: 'Uniform' },
            { value: 'balanced', label: 'Balanced by label frequency' },
          ]}
          value={values.sampler ?? 'uniform'}
          // Uniform is what an absent sampler means: the spec stays as before.
          onChange={(v) => set('sampler', v === 'balanced' ? 'balanced' : undefined)}
          allowDeselect={false}
          data-testid={`wizard-${testId}-sampler`}
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        Clip norm 0 turns clipping off. The balanced sampler draws each epoch with replacement, a
        sample weighted by the sum over its labels of 1 / that label&apos;s frequency (AudioSet
        style), so rare classes are seen as often as common ones.
      </Text>
    </Paper>
  );
}
