import { Group, Paper, Text, useComputedColorScheme } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import type { PlotData, PlotLayout } from 'plotly.js-dist-min';
import { useEffect, useRef } from 'react';
import { FigureExportButton } from './FigureExportButton';

export interface LiveSeries {
  name: string;
  y: readonly number[];
  color: string;
  width: number;
}

/** The series as a Plotly figure: exported like every other chart (size, font, format). */
export function liveFigure(
  x: readonly number[],
  series: LiveSeries[],
  xLabel: string,
): { data: PlotData[]; layout: PlotLayout } {
  return {
    data: series.map((s) => ({
      type: 'scatter',
      mode: 'lines',
      name: s.name,
      x: [...x],
      y: [...s.y],
      line: { color: s.color, width: s.width },
    })),
    layout: { xaxis: { title: { text: xLabel } }, showlegend: series.length > 1 },
  };
}

/**
 * A line chart on a canvas for series that grow several times a second (live training loss).
 * A redraw costs about a millisecond, where an SVG chart library re-lays out its axes and costs
 * tens of milliseconds per update on a busy CPU: streaming progress must never block the page.
 */
export function LiveLineChart({
  title,
  x,
  series,
  xLabel,
  height = 240,
  testId,
}: {
  title: string;
  x: readonly number[];
  series: LiveSeries[];
  xLabel: string;
  height?: number;
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { ref: box, width } = useElementSize();
  const dark = useComputedColorScheme('light') === 'dark';

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(width * ratio);
    el.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawChart(ctx, { width, height, x, series, xLabel, dark });
  }, [width, height, x, series, xLabel, dark]);

  const last = series[0]?.y.at(-1);
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text fw={600} size="sm">
          {title}
        </Text>
        <FigureExportButton title={title} figure={() => liveFigure(x, series, xLabel)} />
      </Group>
      <div ref={box} style={{ width: '100%', height }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${title}: ${x.length} points${last === undefined ? '' : `, latest ${last.toFixed(3)}`}`}
          style={{ width: '100%', height, display: 'block' }}
          data-points={x.length}
        />
      </div>
    </Paper>
  );
}

const PAD = { left: 48, right: 12, top: 24, bottom: 32 };

function drawChart(
  ctx: CanvasRenderingContext2D,
  o: {
    width: number;
    height: number;
    x: readonly number[];
    series: LiveSeries[];
    xLabel: string;
    dark: boolean;
  },
) {
  const { width, height, x, series } = o;
  ctx.clearRect(0, 0, width, height);
  const text = o.dark ? '#c9c9c9' : '#333';
  const grid = o.dark ? '#3a3a3a' : '#e6e6e6';
  ctx.font = '11px system-ui, sans-serif';
  if (x.length === 0) return;
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (const s of series)
    for (const v of s.y) {
      if (v < yMin) yMin = v;
      if (v > yMax) yMax = v;
    }
  if (yMax - yMin < 1e-9) yMax = yMin + 1;
  const xMin = x[0]!;
  const xMax = x.length > 1 ? x[x.length - 1]! : xMin + 1;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const px = (v: number) => PAD.left + ((v - xMin) / (xMax - xMin || 1)) * plotW;
  const py = (v: number) => PAD.top + (1 - (v - yMin) / (yMax - yMin)) * plotH;

  ctx.strokeStyle = grid;
  ctx.fillStyle = text;
  ctx.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = yMin + ((yMax - yMin) * i) / 4;
    const y = py(v);
    ctx.beginPath();
    ctx.moveTo(PAD.left, y);
    ctx.lineTo(width - PAD.right, y);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText(v.toFixed(2), PAD.left - 6, y + 4);
  }
  ctx.textAlign = 'center';
  // Enough decimals that neighbouring ticks differ (a tenth of an epoch is 0.1 … 0.125).
  const xDigits = xMax - xMin < 2 ? 2 : 1;
  for (let i = 0; i <= 4; i++) {
    const v = xMin + ((xMax - xMin) * i) / 4;
    ctx.fillText(v.toFixed(xDigits), px(v), height - PAD.bottom + 14);
  }
  ctx.fillText(o.xLabel, PAD.left + plotW / 2, height - 4);

  let legendX = PAD.left;
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = s.width;
    ctx.beginPath();
    for (let i = 0; i < x.length; i++) {
      const X = px(x[i]!);
      const Y = py(s.y[i]!);
      if (i === 0) ctx.moveTo(X, Y);
      else ctx.lineTo(X, Y);
    }
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(legendX, 12);
    ctx.lineTo(legendX + 18, 12);
    ctx.stroke();
    ctx.fillStyle = text;
    ctx.textAlign = 'left';
    ctx.fillText(s.name, legendX + 22, 16);
    legendX += 30 + ctx.measureText(s.name).width;
  }
}
