import { Alert, List, NumberInput, Paper, Select, Stack, Text, Title } from '@mantine/core';
import type { BackboneSummary } from '@shared/domain/backbone';
import type { DatasetSummary } from '@shared/domain/dataset';
import { type ModelConfig, PRESETS, type Preset } from '@shared/domain/model';
import { fusionBlocksOnImported } from '@shared/domain/scenario';
import { useApiQuery } from '../../api/ApiProvider';
import { duration } from '../../lib/format';
import { computeAdvice } from './estimate';
import { errorFor } from './scenario-draft';
import { numberOrUndefined, type StepProps } from './step-props';
import { importedModel } from './use-imported-model';

const PRESET_HINTS: Record<Preset, string> = {
  micro: 'micro — smoke tests, seconds per epoch on a CPU',
  tiny: 'tiny — a laptop CPU',
  small: 'small — a workstation',
  base: 'base — ViT-B dimensions, for a GPU',
  'cav-mae': 'cav-mae — the CAV-MAE layout (ViT-B, 11 + 11 + 1 blocks), for a GPU',
};

const SCRATCH = 'scratch';

/**
 * Where the backbone comes from: trained from scratch at a preset's size, or an imported
 * checkpoint (`avlab backbone import`), shown with its origin, the fusion blocks put on it and
 * what training it costs here.
 */
export function BackboneSource({
  draft,
  update,
  errors,
  dataset,
}: StepProps & { dataset: DatasetSummary | undefined }) {
  const backbones = useApiQuery('backbones.list', {});
  const info = useApiQuery('app.info', {});
  const list = backbones.data ?? [];
  const chosen = list.find((b) => b.id === draft.backbone.from);
  const defaultFusion = chosen && fusionBlocksOnImported({}, chosen.config);
  return (
    <Stack gap="sm" maw={640}>
      <Select
        label="Start from"
        description="Import released checkpoints with `avlab backbone import FILE`."
        data={[
          { value: SCRATCH, label: 'A backbone trained from scratch on this dataset' },
          ...list.map((b) => ({ value: b.id, label: backboneLabel(b) })),
        ]}
        value={draft.backbone.from ?? SCRATCH}
        onChange={(v) =>
          update((d) => {
            // An imported backbone has no auxiliary heads, so its stage trains without the
            // default recipe's aux loss; from scratch, the default recipe again.
            const { from: _from, recipe: _recipe, ...stage } = d.backbone;
            return {
              ...d,
              backbone: v && v !== SCRATCH ? { ...stage, from: v, recipe: {} } : stage,
            };
          })
        }
        error={errorFor(errors, 'backbone.from')}
        allowDeselect={false}
        data-testid="wizard-backbone-from"
      />
      {chosen ? (
        <>
          <BackboneOrigin backbone={chosen} />
          <NumberInput
            label="Fusion blocks"
            description={`New cross-attention blocks between its encoders and its unified block, where attention prompts live. They start as the identity (the checkpoint's exact function) and the backbone stage trains them. Default ${defaultFusion}.`}
            min={chosen.config.fusionBlocks}
            max={12}
            value={draft.model.fusionBlocks ?? ''}
            placeholder={String(defaultFusion)}
            onChange={(v) =>
              update((d) => ({ ...d, model: { ...d.model, fusionBlocks: numberOrUndefined(v) } }))
            }
            error={errorFor(errors, 'model.fusionBlocks')}
            data-testid="wizard-fusion-blocks"
          />
          <CostNote
            model={importedModel(chosen, draft.model)}
            trainSamples={dataset?.counts.train ?? null}
            backendsInstalled={info.data?.backendsInstalled ?? []}
          />
        </>
      ) : (
        <Select
          label="Model preset"
          maw={420}
          data={PRESETS.map((p) => ({ value: p, label: PRESET_HINTS[p] }))}
          value={draft.model.preset}
          onChange={(v) =>
            v && update((d) => ({ ...d, model: { ...d.model, preset: v as Preset } }))
          }
          error={errorFor(errors, 'model.preset')}
          allowDeselect={false}
          data-testid="wizard-preset"
        />
      )}
    </Stack>
  );
}

export function backboneLabel(b: BackboneSummary): string {
  return `${b.name} — imported CAV-MAE, ${b.pretrained ? 'pre-trained' : 'fine-tuned'}, width ${b.config.dim}`;
}

/** Where an imported backbone came from and the model it makes. */
export function BackboneOrigin({ backbone: b }: { backbone: BackboneSummary }) {
  const c = b.config;
  return (
    <Paper withBorder p="sm" data-testid="backbone-origin">
      <Title order={6} mb={4}>
        {b.name} (backbone {b.id})
      </Title>
      <List size="xs" spacing={2}>
        <List.Item>
          From <code>{b.sourceFile}</code> (sha256 {b.sourceSha256.slice(0, 12)}…), imported{' '}
          {new Date(b.importedAt).toLocaleString()}
        </List.Item>
        <List.Item>
          CAV-MAE,{' '}
          {b.pretrained
            ? 'pre-trained (no classification head: runs get a new one)'
            : "fine-tuned (its head is replaced by one for this dataset's classes)"}
          ; {b.ignored} upstream tensors left out (decoder, unused norms)
        </List.Item>
        <List.Item>
          Width {c.dim}, {c.heads} heads, {c.audioBlocks} audio + {c.visualBlocks} visual +{' '}
          {c.jointBlocks} unified blocks
        </List.Item>
        <List.Item>
          Takes {c.audioFrames} frames × {c.melBins} mel bins and {c.imageSize} px images (import
          the dataset with `--feature-preset cav-mae` for the released models)
        </List.Item>
      </List>
    </Paper>
  );
}

function CostNote({
  model,
  trainSamples,
  backendsInstalled,
}: {
  model: ModelConfig;
  trainSamples: number | null;
  backendsInstalled: Parameters<typeof computeAdvice>[2];
}) {
  const advice = computeAdvice(model, trainSamples, backendsInstalled);
  const epoch =
    advice.cpuEpochSecondsAtLeast === null
      ? ''
      : ` On a CPU, one epoch over the ${trainSamples} training samples takes at least ${duration(advice.cpuEpochSecondsAtLeast)}.`;
  const text = `A training step costs about ${advice.trainGflopPerSample.toFixed(1)} GFLOP per sample.${epoch}`;
  return advice.needsGpu ? (
    <Alert color="orange" title="This needs a GPU" data-testid="backbone-cost">
      {text} No GPU backend is installed here: install @tensorflow/tfjs-node-gpu on a CUDA machine
      (README), or send the runs to GPU workers.
    </Alert>
  ) : (
    <Text size="xs" c="dimmed" data-testid="backbone-cost">
      {text}
    </Text>
  );
}
