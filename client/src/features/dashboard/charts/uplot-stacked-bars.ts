// The only module that imports uPlot (lazy chunk). Stacks by drawing cumulative sums, the
// tallest first, so each lower part paints over the one above it.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSeries } from './stacked-bar-chart';

const HEIGHT = 260;

function compact(n: number): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(n);
}

export function renderStackedBars(
  el: HTMLElement,
  input: {
    labels: readonly string[];
    series: readonly ChartSeries[];
    formatValue: (n: number) => string;
    /** Tick text for a month label ("2024年1月", "3月"). */
    tickLabel: (label: string, first: boolean) => string;
    /** The y axis' unit (元). */
    unit: string;
    /** The month under the pointer (tap or hover), or null when it leaves. */
    onPick: (index: number | null) => void;
  },
): () => void {
  el.replaceChildren();
  const n = input.labels.length;
  const xs = input.labels.map((_, i) => i);
  const cumulative: number[][] = [];
  let acc = new Array<number>(n).fill(0);
  for (const s of input.series) {
    acc = acc.map((a, i) => a + (s.values[i] ?? 0));
    cumulative.push(acc);
  }
  const order = input.series.map((_, i) => i).reverse();
  const bars = uPlot.paths.bars!({ size: [0.72, 48], align: 0 });
  const opts: uPlot.Options = {
    width: Math.max(280, el.clientWidth || 600),
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    hooks: { setCursor: [(u) => input.onPick(u.cursor.idx ?? null)] },
    scales: { x: { time: false, range: [-0.6, n - 0.4] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] } },
    axes: [
      {
        incrs: [1, 2, 3, 6, 12],
        space: 56,
        values: (_u, splits) => splits.map((v, i) => (Number.isInteger(v) ? input.tickLabel(input.labels[v] ?? '', i === 0) : '')),
        grid: { show: false },
        stroke: '#4a5568',
      },
      { size: 64, label: input.unit, labelSize: 18, values: (_u, splits) => splits.map(compact), stroke: '#4a5568', grid: { stroke: '#e2e8f0', width: 1 } },
    ],
    series: [
      {},
      ...order.map((i) => ({
        label: input.series[i]!.label,
        fill: input.series[i]!.color,
        stroke: input.series[i]!.color,
        width: 0,
        paths: bars,
        points: { show: false },
      })),
    ],
  };
  const data: uPlot.AlignedData = [xs, ...order.map((i) => cumulative[i]!)];
  const plot = new uPlot(opts, data, el);
  const observer = new ResizeObserver(() => {
    const width = Math.max(280, el.clientWidth);
    if (width !== plot.width) plot.setSize({ width, height: HEIGHT });
  });
  observer.observe(el);
  return () => {
    observer.disconnect();
    plot.destroy();
  };
}
