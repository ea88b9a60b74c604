import { Alert, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { CASE_LABELS } from '@shared/domain/cases';
import type { DatasetSummary } from '@shared/domain/dataset';
import { METHOD_LABELS } from '@shared/domain/methods';
import type { ModelConfig } from '@shared/domain/model';
import { evaluationCases, methodStage, type Scenario } from '@shared/domain/scenario';
import { duration } from '../../lib/format';
import { corruptionSummary } from './corruption-summary';
import { estimateScenario, type MeasuredRates } from './estimate';
import type { FieldErrors } from './scenario-draft';

export function ReviewStep({
  scenario,
  errors,
  dataset,
  rates,
  model,
}: {
  scenario: Scenario | null;
  errors: FieldErrors;
  dataset: DatasetSummary | undefined;
  rates: MeasuredRates;
  /** The model's shape when it is known here (an imported backbone's), for a FLOP-based floor. */
  model?: ModelConfig;
}) {
  if (!scenario) {
    return (
      <Alert color="red" title="The scenario is not valid yet" data-testid="review-errors">
        <List size="sm">
          {Object.entries(errors).map(([field, message]) => (
            <List.Item key={field}>
              <b>{field}</b>: {message}
            </List.Item>
          ))}
        </List>
      </Alert>
    );
  }
  const corruption = corruptionSummary(scenario);
  const estimate = estimateScenario(scenario, dataset?.counts.train ?? null, rates, model);
  const stage = (s: Scenario['backbone']) =>
    `${s.epochs} epochs, batch ${s.batchSize}, lr ${s.lr}, ${s.schedule} (${s.warmupEpochs} warm-up), ${s.optimizer}, wd ${s.weightDecay}${s.sampler === 'balanced' ? ', balanced sampler' : ''}`;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={5} mb="xs">
            Scenario
          </Title>
          <List size="sm" spacing={4}>
            <List.Item>Dataset: {dataset ? dataset.name : scenario.datasetId}</List.Item>
            <List.Item data-testid="review-task">
              {dataset?.task === 'multi-label'
                ? 'Task: multi-label — sigmoid + binary cross-entropy, reported in mAP (and macro ROC-AUC); validation mAP selects checkpoints'
                : 'Task: single-label — softmax + cross-entropy, reported in accuracy (and macro-F1)'}
            </List.Item>
            <List.Item>Cases: {scenario.cases.map((c) => CASE_LABELS[c]).join(', ')}</List.Item>
            <List.Item data-testid="review-corruption">
              Corruption: {corruption ?? 'none (no case makes a modality noisy)'}
            </List.Item>
            <List.Item>Missing rates η: {scenario.missingRates.join(', ')}</List.Item>
            <List.Item>
              Methods: {scenario.methods.map((m) => METHOD_LABELS[m]).join(', ')}
            </List.Item>
            <List.Item>
              Model:{' '}
              {scenario.backbone.from
                ? `imported backbone ${scenario.backbone.from}${scenario.model.fusionBlocks === undefined ? '' : ` with ${scenario.model.fusionBlocks} fusion blocks`}`
                : scenario.model.preset}
              , prompts {scenario.model.inputPromptLength} input +{' '}
              {scenario.model.attentionPromptLength} attention ({scenario.model.inputPromptMode})
            </List.Item>
            <List.Item>Backbone: {stage(scenario.backbone)}</List.Item>
            {scenario.methods.map((m) => (
              <List.Item key={m}>
                {METHOD_LABELS[m]}: {stage(methodStage(scenario, m).stage)}
              </List.Item>
            ))}
            <List.Item>Seeds: {scenario.seeds.join(', ')}</List.Item>
            <List.Item>
              Evaluated on:{' '}
              {evaluationCases(scenario)
                .map((c) => CASE_LABELS[c])
                .join(', ')}{' '}
              ({(scenario.evaluation?.promptings ?? ['situation', 'concat']).join(' + ')})
            </List.Item>
          </List>
        </Paper>
        <Paper withBorder p="md" data-testid="estimate">
          <Title order={5} mb="xs">
            Estimate
          </Title>
          <Text size="xl" fw={700} data-testid="estimate-runs">
            {estimate.runs} runs
          </Text>
          <Text size="sm" c="dimmed">
            {estimate.backboneRuns} backbone{estimate.backboneRuns > 1 ? 's' : ''} +{' '}
            {estimate.adaptedRuns} adapted (seeds × (1 + rates × cases × methods))
          </Text>
          <Text size="lg" mt="sm" fw={600} data-testid="estimate-time">
            {estimate.seconds === null
              ? 'Training time unknown'
              : estimate.lowerBound
                ? `at least ${duration(estimate.seconds)} of training on a CPU`
                : `≈ ${duration(estimate.seconds)} of training`}
          </Text>
          <Text size="sm" c="dimmed">
            {estimate.basis}
          </Text>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
