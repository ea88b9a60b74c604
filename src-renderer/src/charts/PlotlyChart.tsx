import { Button, Group, Paper, Text, useComputedColorScheme } from '@mantine/core';
import type { PlotData, PlotLayout } from 'plotly.js-dist-min';
import { useEffect, useRef } from 'react';
import { slugify } from '../lib/download';

export type { PlotData, PlotLayout };

type PlotlyModule = typeof import('plotly.js-dist-min').default;
let plotlyLoading: Promise<PlotlyModule> | null = null;
/** Plotly is 4.6 MB: it loads with the first chart, not with the app, so start-up stays fast. */
export function loadPlotly(): Promise<PlotlyModule> {
  plotlyLoading ??= import('plotly.js-dist-min').then((m) => m.default);
  return plotlyLoading;
}

/**
 * One Plotly figure, drawn with `Plotly.react` (cheap to call again with new data) and purged
 * on unmount. Follows the light/dark theme and offers PNG and SVG export of itself.
 */
export function PlotlyChart({
  title,
  data,
  layout = {},
  height = 320,
  description,
  testId,
}: {
  title: string;
  data: PlotData[];
  layout?: PlotLayout;
  height?: number;
  /** What the chart shows, for screen readers. */
  description?: string;
  testId?: string;
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

  const save = (format: 'png' | 'svg') => {
    const el = ref.current;
    if (!el) return;
    void loadPlotly().then((Plotly) =>
      Plotly.downloadImage(el, {
        format,
        filename: slugify(title, 'chart'),
        width: el.clientWidth || 800,
        height,
      }),
    );
  };

  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Group gap={4}>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => save('png')}
            aria-label={`Save ${title} as PNG`}
          >
            PNG
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => save('svg')}
            aria-label={`Save ${title} as SVG`}
          >
            SVG
          </Button>
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

function themedLayout(layout: PlotLayout, scheme: 'light' | 'dark', height: number): PlotLayout {
  const dark = scheme === 'dark';
  const text = dark ? '#c9c9c9' : '#333';
  const grid = dark ? '#3a3a3a' : '#e6e6e6';
  const axis = (extra: unknown) => ({ gridcolor: grid, zerolinecolor: grid, ...(extra as object) });
  return {
    height,
    margin: { l: 56, r: 16, t: 28, b: 44 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { color: text, size: 12 },
    // Legend above the plot: below it, it collides with the x-axis title.
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
    ...layout,
    xaxis: axis(layout.xaxis),
    yaxis: axis(layout.yaxis),
  };
}
