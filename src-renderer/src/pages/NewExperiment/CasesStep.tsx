import { Checkbox, Group, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { CASE_LABELS, CASES, type Case } from '@shared/domain/cases';
import {
  AUDIO_NOISES,
  type AudioNoise,
  NOISE_LABELS,
  VISUAL_NOISES,
  type VisualNoise,
} from '@shared/domain/corruption';
import type { Prompting } from '@shared/domain/methods';
import { useState } from 'react';
import { errorFor, parseNumberList } from './scenario-draft';
import { numberOrUndefined, type StepProps } from './step-props';

export function CasesStep({ draft, update, errors }: StepProps) {
  const [ratesText, setRatesText] = useState(draft.missingRates.join(', '));
  const evaluation = draft.evaluation;
  return (
    <Stack gap="lg">
      <Checkbox.Group
        label="Degradation cases"
        description="Each case gets one adapted run per method; the FT backbone trains on complete data."
        value={draft.cases}
        onChange={(cases) => update((d) => ({ ...d, cases: cases as Case[] }))}
        error={errorFor(errors, 'cases')}
      >
        <Group mt="xs">
          {CASES.filter((c) => c !== 'complete').map((c) => (
            <Checkbox key={c} value={c} label={CASE_LABELS[c]} data-testid={`case-${c}`} />
          ))}
        </Group>
      </Checkbox.Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Checkbox.Group
          label="Audio noise types"
          description="One is drawn per degraded sample, seeded."
          value={draft.corruption.audioNoises}
          onChange={(v) =>
            update((d) => ({
              ...d,
              corruption: { ...d.corruption, audioNoises: v as AudioNoise[] },
            }))
          }
          error={errorFor(errors, 'corruption.audioNoises')}
        >
          <Group mt="xs">
            {AUDIO_NOISES.map((n) => (
              <Checkbox key={n} value={n} label={NOISE_LABELS[n]} />
            ))}
          </Group>
        </Checkbox.Group>
        <Checkbox.Group
          label="Visual noise types"
          value={draft.corruption.visualNoises}
          onChange={(v) =>
            update((d) => ({
              ...d,
              corruption: { ...d.corruption, visualNoises: v as VisualNoise[] },
            }))
          }
          error={errorFor(errors, 'corruption.visualNoises')}
        >
          <Group mt="xs">
            {VISUAL_NOISES.map((n) => (
              <Checkbox key={n} value={n} label={NOISE_LABELS[n]} />
            ))}
          </Group>
        </Checkbox.Group>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <NumberInput
          label="Severity"
          description="0 leaves the input as it is, 1 is the strongest setting of each noise."
          min={0}
          max={1}
          step={0.05}
          decimalScale={3}
          value={draft.corruption.severity ?? ''}
          onChange={(v) =>
            update((d) => ({
              ...d,
              corruption: { ...d.corruption, severity: numberOrUndefined(v) },
            }))
          }
          error={errorFor(errors, 'corruption.severity')}
          data-testid="wizard-severity"
        />
        <TextInput
          label="Missing rates η"
          description="Share of samples degraded, in training and test; several values make a sweep (e.g. 1, 0.7, 0.5)."
          value={ratesText}
          onChange={(e) => {
            const text = e.currentTarget.value;
            setRatesText(text);
            update((d) => ({ ...d, missingRates: parseNumberList(text) }));
          }}
          error={errorFor(errors, 'missingRates')}
          data-testid="wizard-missing-rates"
        />
      </SimpleGrid>
      <Stack gap="xs">
        <Checkbox
          label="Choose the evaluation cases and prompting modes myself"
          description="By default every model is evaluated on complete + the trained cases, situation-specific and concat-based."
          checked={evaluation !== undefined}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            update((d) => ({
              ...d,
              evaluation: on
                ? {
                    cases: ['complete', ...d.cases.filter((c) => c !== 'complete')],
                    promptings: ['situation', 'concat'],
                  }
                : undefined,
            }));
          }}
        />
        {evaluation && (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Checkbox.Group
              label="Evaluation cases"
              value={evaluation.cases}
              onChange={(v) =>
                update((d) => ({ ...d, evaluation: { ...evaluation, cases: v as Case[] } }))
              }
              error={errorFor(errors, 'evaluation.cases')}
            >
              <Group mt="xs">
                {CASES.map((c) => (
                  <Checkbox key={c} value={c} label={CASE_LABELS[c]} />
                ))}
              </Group>
            </Checkbox.Group>
            <Checkbox.Group
              label="Prompting at test time"
              description="Situation-specific: the case is known. Concat-based: all case prompts at once."
              value={evaluation.promptings}
              onChange={(v) =>
                update((d) => ({
                  ...d,
                  evaluation: { ...evaluation, promptings: v as Prompting[] },
                }))
              }
              error={errorFor(errors, 'evaluation.promptings')}
            >
              <Group mt="xs">
                <Checkbox value="situation" label="Situation-specific" />
                <Checkbox value="concat" label="Concat-based" />
                {draft.backbone.from && (
                  <Checkbox
                    value="modality-mode"
                    label="CAV-MAE's missing-modality modes (baseline; needs 0 fusion blocks)"
                  />
                )}
              </Group>
            </Checkbox.Group>
          </SimpleGrid>
        )}
        {errorFor(errors, 'evaluation') && !evaluation && (
          <Text c="red" size="sm">
            {errorFor(errors, 'evaluation')}
          </Text>
        )}
      </Stack>
    </Stack>
  );
}
