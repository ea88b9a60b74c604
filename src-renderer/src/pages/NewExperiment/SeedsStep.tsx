import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { errorFor, parseNumberList } from './scenario-draft';
import type { StepProps } from './step-props';

export function SeedsStep({ draft, update, errors }: StepProps) {
  const [text, setText] = useState(draft.seeds.join(', '));
  const set = (value: string) => {
    setText(value);
    update((d) => ({ ...d, seeds: parseNumberList(value) }));
  };
  return (
    <Stack maw={560}>
      <TextInput
        label="Seeds"
        description="Each seed trains its own backbone and adapted runs; the tables report mean ± std over seeds."
        value={text}
        onChange={(e) => set(e.currentTarget.value)}
        error={errorFor(errors, 'seeds')}
        data-testid="wizard-seeds"
      />
      <Group gap="xs">
        {[1, 3, 5].map((n) => (
          <Button
            key={n}
            size="xs"
            variant="light"
            onClick={() => set(Array.from({ length: n }, (_, i) => i).join(', '))}
          >
            {n} seed{n > 1 ? 's' : ''}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}
