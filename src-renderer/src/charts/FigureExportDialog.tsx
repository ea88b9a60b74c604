import {
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { LabelledSegmentedControl } from '../components/LabelledSegmentedControl';
import {
  DEFAULT_FIGURE_SETTINGS,
  FIGURE_FONTS,
  type FigureExportSettings,
  type FigureFont,
  figureGeometry,
  figureSettingsErrors,
} from './figure-size';

const STORAGE_KEY = 'avlab.figureExport';

/** The last settings used, so every figure of a paper comes out alike. */
export function loadFigureSettings(): FigureExportSettings {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    const merged = { ...DEFAULT_FIGURE_SETTINGS, ...stored } as FigureExportSettings;
    const known =
      ['png', 'svg', 'pdf'].includes(merged.format) &&
      ['px', 'mm'].includes(merged.unit) &&
      merged.fontFamily in FIGURE_FONTS;
    return known && Object.keys(figureSettingsErrors(merged)).length === 0
      ? merged
      : DEFAULT_FIGURE_SETTINGS;
  } catch {
    return DEFAULT_FIGURE_SETTINGS;
  }
}

function storeFigureSettings(settings: FigureExportSettings): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Private mode or a full storage: the settings just are not remembered.
  }
}

/** Format, size (px, or mm at a DPI), font family and size of one figure export. */
export function FigureExportDialog({
  title,
  opened,
  onClose,
  onExport,
}: {
  title: string;
  opened: boolean;
  onClose: () => void;
  onExport: (settings: FigureExportSettings) => Promise<void>;
}) {
  const [s, setS] = useState<FigureExportSettings>(loadFigureSettings);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<FigureExportSettings>) => setS((old) => ({ ...old, ...patch }));
  const errors = figureSettingsErrors(s);
  const size = figureGeometry(s);
  const number = (v: string | number) => (typeof v === 'number' ? v : Number.NaN);
  const changeUnit = (unit: 'px' | 'mm') => {
    if (unit === s.unit) return;
    // Keep the physical size: mm ↔ px at 96 px per inch.
    const factor = unit === 'mm' ? 25.4 / 96 : 96 / 25.4;
    set({ unit, width: Math.round(s.width * factor), height: Math.round(s.height * factor) });
  };
  const save = async () => {
    setBusy(true);
    try {
      storeFigureSettings(s);
      await onExport(s);
      onClose();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Export “${title}”`}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close the export dialog' }}
    >
      <Stack gap="sm">
        <SegmentedControl
          aria-label="Format"
          data-testid="figure-format"
          value={s.format}
          onChange={(v) => set({ format: v as FigureExportSettings['format'] })}
          data={[
            { value: 'png', label: 'PNG' },
            { value: 'svg', label: 'SVG' },
            { value: 'pdf', label: 'PDF' },
          ]}
        />
        <SimpleGrid cols={3}>
          <NumberInput
            label={`Width (${s.unit})`}
            value={s.width}
            onChange={(v) => set({ width: number(v) })}
            error={errors.width}
            data-testid="figure-width"
          />
          <NumberInput
            label={`Height (${s.unit})`}
            value={s.height}
            onChange={(v) => set({ height: number(v) })}
            error={errors.height}
            data-testid="figure-height"
          />
          <LabelledSegmentedControl
            label="Unit"
            gap={2}
            data-testid="figure-unit"
            value={s.unit}
            onChange={(v) => changeUnit(v as 'px' | 'mm')}
            data={[
              { value: 'mm', label: 'mm' },
              { value: 'px', label: 'px' },
            ]}
          />
          <NumberInput
            label="Resolution (DPI)"
            value={s.dpi}
            onChange={(v) => set({ dpi: number(v) })}
            error={errors.dpi}
            disabled={s.format !== 'png'}
            data-testid="figure-dpi"
          />
          <Select
            label="Font"
            data={Object.keys(FIGURE_FONTS)}
            value={s.fontFamily}
            onChange={(v) => v && set({ fontFamily: v as FigureFont })}
            allowDeselect={false}
            data-testid="figure-font"
          />
          <NumberInput
            label="Font size (pt)"
            value={s.fontSize}
            onChange={(v) => set({ fontSize: number(v) })}
            error={errors.fontSize}
            data-testid="figure-font-size"
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed" data-testid="figure-size-summary">
          {s.format === 'png'
            ? `${size.pixelWidth} × ${size.pixelHeight} pixels, ${size.widthMm.toFixed(1)} × ${size.heightMm.toFixed(1)} mm at ${s.dpi} DPI.`
            : `${size.widthMm.toFixed(1)} × ${size.heightMm.toFixed(1)} mm, vector${s.format === 'pdf' ? ' (fonts: the PDF standard ones)' : ''}.`}{' '}
          Black on white, whatever the app's theme.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => void save()}
            loading={busy}
            disabled={Object.keys(errors).length > 0}
            data-testid="figure-save"
          >
            Save {s.format.toUpperCase()}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
