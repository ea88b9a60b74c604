import { Checkbox, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { type DatasetImport, DatasetImportSchema } from '@shared/api/methods/datasets';
import type { ImporterKind } from '@shared/domain/dataset';

export type ImportFormValues = Partial<
  Record<
    | 'name'
    | 'file'
    | 'root'
    | 'fsdd'
    | 'mnist'
    | 'split'
    | 'csv'
    | 'videos'
    | 'format'
    | 'labels'
    | 'missingAudio',
    string
  > &
    Record<
      | 'seed'
      | 'samplesPerClass'
      | 'testFraction'
      | 'valFraction'
      | 'pairsPerClip'
      | 'frames'
      | 'jobs',
      number
    > &
    Record<'multiLabel', boolean>
>;

const PATH_FIELDS: Record<ImporterKind, (keyof ImportFormValues)[]> = {
  demo: [],
  manifest: ['file'],
  folders: ['root'],
  avmnist: ['fsdd', 'mnist'],
  video: ['csv', 'videos'],
};

/** The request for the chosen importer, or a sentence saying what is still missing or wrong. */
export function importRequest(
  kind: ImporterKind,
  values: ImportFormValues,
): DatasetImport | string {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '') continue;
    options[key] = value;
  }
  const missing = PATH_FIELDS[kind].filter((f) => !options[f]);
  if (missing.length)
    return `Give the ${missing.join(' and ')} path${missing.length > 1 ? 's' : ''} to import.`;
  if (kind === 'video' && !options.format)
    return 'Choose the label CSV format (VGGSound, AudioSet or manifest).';
  if (kind === 'video' && options.format === 'audioset' && !options.labels)
    return "Give AudioSet's class index (class_labels_indices.csv) to import.";
  const allowed = new Set(['name', 'seed', 'valFraction', ...FIELDS_BY_KIND[kind]]);
  for (const key of Object.keys(options)) if (!allowed.has(key)) delete options[key];
  const parsed = DatasetImportSchema.safeParse({ kind, options });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `${issue.path.slice(1).join('.') || 'options'}: ${issue.message}`;
  }
  return { kind, options } as DatasetImport;
}

const FIELDS_BY_KIND: Record<ImporterKind, string[]> = {
  demo: ['samplesPerClass', 'multiLabel'],
  manifest: ['file', 'testFraction'],
  folders: ['root', 'testFraction'],
  avmnist: ['fsdd', 'mnist', 'split', 'pairsPerClip'],
  video: [
    'csv',
    'videos',
    'format',
    'labels',
    'frames',
    'jobs',
    'missingAudio',
    'split',
    'testFraction',
  ],
};

/** Importer options; paths are on the machine that runs AV Prompt Lab (the server in web mode). */
export function ImportOptionsForm({
  kind,
  values,
  onChange,
}: {
  kind: ImporterKind;
  values: ImportFormValues;
  onChange: (values: ImportFormValues) => void;
}) {
  const set = (key: keyof ImportFormValues) => (value: string | number | null) =>
    onChange({ ...values, [key]: value === null || value === '' ? undefined : value });
  const text = (key: keyof ImportFormValues) => (event: { currentTarget: { value: string } }) =>
    set(key)(event.currentTarget.value);
  const num = (key: keyof ImportFormValues) => (value: string | number) =>
    set(key)(typeof value === 'number' ? value : null);

  return (
    <Stack gap="sm">
      {kind === 'demo' && (
        <Text size="sm" c="dimmed">
          A procedurally generated, deterministic dataset: works offline, trains in seconds.
        </Text>
      )}
      {kind === 'manifest' && (
        <TextInput
          label="Manifest CSV"
          description="Columns audio,image,label[,split|fold]; paths relative to the CSV. Several labels separated by ';' (dog;bark) make a multi-label dataset."
          placeholder="/data/urbansound8k-av/manifest.csv"
          value={(values.file as string) ?? ''}
          onChange={text('file')}
          required
        />
      )}
      {kind === 'folders' && (
        <TextInput
          label="Root folder"
          description="One folder per class, each with matching audio (.wav) and image files."
          value={(values.root as string) ?? ''}
          onChange={text('root')}
          required
        />
      )}
      {kind === 'avmnist' && (
        <>
          <TextInput
            label="FSDD folder"
            description="free-spoken-digit-dataset (or its recordings/ folder)"
            value={(values.fsdd as string) ?? ''}
            onChange={text('fsdd')}
            required
          />
          <TextInput
            label="MNIST folder"
            description="The four IDX files, gzipped or not"
            value={(values.mnist as string) ?? ''}
            onChange={text('mnist')}
            required
          />
        </>
      )}
      {kind === 'video' && <VideoPaths values={values} text={text} set={set} />}
      <SimpleGrid cols={2}>
        <TextInput
          label="Name"
          placeholder="optional"
          value={(values.name as string) ?? ''}
          onChange={text('name')}
        />
        <NumberInput
          label="Seed"
          placeholder="0"
          min={0}
          value={values.seed ?? ''}
          onChange={num('seed')}
        />
        {kind === 'demo' && (
          <NumberInput
            label="Samples per class"
            placeholder="40"
            min={3}
            max={1000}
            value={values.samplesPerClass ?? ''}
            onChange={num('samplesPerClass')}
          />
        )}
        {kind === 'demo' && (
          <Checkbox
            label="Multi-label"
            description="Half the samples pair one class's sound with another's picture and carry both labels"
            checked={values.multiLabel ?? false}
            // Unchecked is an absent option: the demo as before.
            onChange={(event) =>
              onChange({ ...values, multiLabel: event.currentTarget.checked || undefined })
            }
            data-testid="import-demo-multi-label"
          />
        )}
        {kind === 'video' && <VideoNumbers values={values} num={num} set={set} />}
        {(kind === 'manifest' || kind === 'folders' || kind === 'video') && (
          <NumberInput
            label="Test fraction"
            placeholder="0.2"
            min={0}
            max={0.5}
            step={0.05}
            decimalScale={2}
            value={values.testFraction ?? ''}
            onChange={num('testFraction')}
          />
        )}
        {kind === 'avmnist' && (
          <>
            <Select
              label="Split"
              data={[
                { value: 'speaker', label: 'By speaker' },
                { value: 'official', label: 'Official FSDD' },
              ]}
              value={(values.split as string) ?? null}
              onChange={set('split')}
              clearable
            />
            <NumberInput
              label="Images per clip"
              min={1}
              max={50}
              value={values.pairsPerClip ?? ''}
              onChange={num('pairsPerClip')}
            />
          </>
        )}
        <NumberInput
          label="Validation fraction"
          placeholder="default"
          min={0}
          max={0.5}
          step={0.05}
          decimalScale={2}
          value={values.valFraction ?? ''}
          onChange={num('valFraction')}
        />
      </SimpleGrid>
    </Stack>
  );
}

type Setter = (key: keyof ImportFormValues) => (value: string | number | null) => void;

/** The video importer's files: label CSV, clips folder, CSV format, AudioSet's class index. */
function VideoPaths({
  values,
  text,
  set,
}: {
  values: ImportFormValues;
  text: (key: keyof ImportFormValues) => (event: { currentTarget: { value: string } }) => void;
  set: Setter;
}) {
  return (
    <>
      <Select
        label="Label CSV format"
        data={[
          { value: 'vggsound', label: 'VGGSound (youtube_id,start_seconds,label,split)' },
          { value: 'audioset', label: 'AudioSet segments (multi-label, needs the class index)' },
          { value: 'manifest', label: 'Manifest (video,label[,split]; labels split by ;)' },
        ]}
        value={values.format ?? null}
        onChange={set('format')}
        required
      />
      <TextInput
        label="Label CSV"
        placeholder="/data/vggsound/vggsound.csv"
        value={values.csv ?? ''}
        onChange={text('csv')}
        required
      />
      <TextInput
        label="Videos folder"
        description="The clips, found by name (e.g. <id>_000030.mp4) up to two folders deep."
        placeholder="/data/vggsound/video"
        value={values.videos ?? ''}
        onChange={text('videos')}
        required
      />
      {values.format === 'audioset' && (
        <TextInput
          label="Class index"
          description="AudioSet's class_labels_indices.csv (index,mid,display_name)"
          value={values.labels ?? ''}
          onChange={text('labels')}
          required
        />
      )}
    </>
  );
}

/** Frames per clip, parallel jobs, what to do with clips without sound, the CSV's split. */
function VideoNumbers({
  values,
  num,
  set,
}: {
  values: ImportFormValues;
  num: (key: keyof ImportFormValues) => (value: string | number) => void;
  set: Setter;
}) {
  return (
    <>
      <NumberInput
        label="Frames per clip"
        placeholder="10"
        min={1}
        max={64}
        value={values.frames ?? ''}
        onChange={num('frames')}
      />
      <NumberInput
        label="Parallel jobs"
        placeholder="all cores"
        min={1}
        max={256}
        value={values.jobs ?? ''}
        onChange={num('jobs')}
      />
      <Select
        label="Clips without an audio track"
        data={[
          { value: 'reject', label: 'Reject (default)' },
          { value: 'silent', label: 'Keep with silent audio, flagged' },
        ]}
        value={values.missingAudio ?? null}
        onChange={set('missingAudio')}
        clearable
      />
      <Select
        label="Split of every clip"
        description="When the CSV has none (an AudioSet file is one split)"
        data={['train', 'val', 'test']}
        value={values.split ?? null}
        onChange={set('split')}
        clearable
      />
    </>
  );
}
