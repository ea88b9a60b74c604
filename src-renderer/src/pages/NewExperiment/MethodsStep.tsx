import {
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { type InputPromptMode, METHOD_LABELS, type Method } from '@shared/domain/methods';
import { errorFor } from './scenario-draft';
import { numberOrUndefined, type StepProps } from './step-props';

const OFFERED: Method[] = ['ft', 'pl', 'lora', 'adapter', 'linear'];

export function MethodsStep({ draft, update, errors }: StepProps) {
  const has = (m: Method) => draft.methods.includes(m);
  const setModel = (key: keyof StepProps['draft']['model']) => (value: string | number) =>
    update((d) => ({ ...d, model: { ...d.model, [key]: numberOrUndefined(value) } }));
  return (
    <Stack gap="lg">
      <Checkbox.Group
        label="Methods"
        description="Each adapts the seed's FT backbone to a case. FT trains every weight; the others freeze the backbone."
        value={draft.methods}
        onChange={(v) => update((d) => ({ ...d, methods: v as Method[] }))}
        error={errorFor(errors, 'methods')}
      >
        <Group mt="xs">
          {OFFERED.map((m) => (
            <Checkbox
              key={m}
              value={m}
              label={`${METHOD_LABELS[m]} (${m.toUpperCase()})`}
              data-testid={`method-${m}`}
            />
          ))}
        </Group>
      </Checkbox.Group>
      {has('pl') && (
        <Stack gap="xs">
          <Text fw={600} size="sm">
            Prompts
          </Text>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <NumberInput
              label="Input prompt length"
              description="Tokens prepended to each modality."
              min={0}
              max={256}
              value={draft.model.inputPromptLength ?? ''}
              onChange={setModel('inputPromptLength')}
              error={errorFor(errors, 'model.inputPromptLength')}
            />
            <NumberInput
              label="Attention prompt length"
              description="Keys/values appended per fusion block."
              min={0}
              max={256}
              value={draft.model.attentionPromptLength ?? ''}
              onChange={setModel('attentionPromptLength')}
              error={errorFor(errors, 'model.attentionPromptLength')}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="prompt-mode-label">
                Input-prompt mode
              </Text>
              <SegmentedControl
                aria-labelledby="prompt-mode-label"
                value={draft.model.inputPromptMode}
                onChange={(v) =>
                  update((d) => ({
                    ...d,
                    model: { ...d.model, inputPromptMode: v as InputPromptMode },
                  }))
                }
                data={[
                  { value: 'deep', label: 'Deep' },
                  { value: 'readonly', label: 'Read-only' },
                ]}
              />
              <Text size="xs" c="dimmed">
                Read-only: content never attends to prompts, so the frozen encoder needs no backward
                pass.
              </Text>
            </Stack>
          </SimpleGrid>
        </Stack>
      )}
      {(has('lora') || has('adapter')) && (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          {has('lora') && (
            <NumberInput
              label="LoRA rank"
              min={1}
              max={256}
              value={draft.model.loraRank ?? ''}
              onChange={setModel('loraRank')}
              error={errorFor(errors, 'model.loraRank')}
            />
          )}
          {has('adapter') && (
            <NumberInput
              label="Adapter bottleneck"
              min={1}
              max={1024}
              value={draft.model.adapterBottleneck ?? ''}
              onChange={setModel('adapterBottleneck')}
              error={errorFor(errors, 'model.adapterBottleneck')}
            />
          )}
        </SimpleGrid>
      )}
    </Stack>
  );
}
