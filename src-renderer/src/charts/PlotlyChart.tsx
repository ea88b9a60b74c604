import { Group, Paper, Text, useComputedColorScheme } from '@mantine/core';
import type { PlotData, PlotLayout } from 'plotly.js-dist-min';
import { type ReactNode, useEffect, useRef } from 'react';
import { FigureExportButton } from './FigureExportButton';
import { loadPlotly } from './plotly-loader';
import { themedLayout } from './plotly-theme';

export type { PlotData, PlotLayout };
export { loadPlotly };

/**
 * One Plotly figure, drawn with `Plotly.react` (cheap to call again with new data) and purged
 * on unmount. Follows the light/dark theme; its Export button saves it for a paper (PNG at a
 * DPI, SVG or PDF at a chosen size and font) through the one figure-export helper.
 */
export function PlotlyChart({
  title,
  data,
  layout = {},
  height = 320,
  description,
  testId,
  controls,
}: {
  title: string;
  data: PlotData[];
  layout?: PlotLayout;
  height?: number;
  /** What the chart shows, for screen readers. */
  description?: string;
  testId?: string;
  /** Inputs that change what the chart shows (e.g. a case selector), beside its title. */
  controls?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light');

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let stale = false;
    void loadPlotly().then((Plotly) => {
      if (stale) return;
      // A User Timing mark: the UI benchmark attributes long tasks to chart redraws with it.
      performance.mark('avlab:plotly-react');
      void Plotly.react(el, data, themedLayout(layout, scheme, height), {
        responsive: true,
        displaylogo: false,
        // Export has its own buttons; the toolbar would cover the legend of small charts.
        displayModeBar: false,
      });
    });
    return () => {
      stale = true;
    };
  }, [data, layout, scheme, height]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((Plotly) => Plotly.purge(el));
    };
  }, []);

  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Group gap={6} wrap="nowrap">
          {controls}
          <FigureExportButton title={title} figure={() => ({ data, layout })} />
        </Group>
      </Group>
      <div
        ref={ref}
        role="img"
        aria-label={description ?? title}
        style={{ height, width: '100%' }}
      />
    </Paper>
  );
}
