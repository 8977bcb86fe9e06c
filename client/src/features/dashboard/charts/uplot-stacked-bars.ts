// The only module that imports uPlot (lazy chunk). Stacks by drawing cumulative sums, the
// tallest first, so each lower part paints over the one above it.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSeries } from './stacked-bar-chart';

const HEIGHT = 260;

function shortLabel(label: string): string {
  // "2025-03" -> "25/03"
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  return m ? `${m[1]!.slice(2)}/${m[2]}` : label;
}

function compact(n: number): string {
  if (Math.abs(n) >= 10_000) return `${Math.round(n / 1000)}k`;
  return String(Math.round(n));
}

export function renderStackedBars(
  el: HTMLElement,
  input: { labels: readonly string[]; series: readonly ChartSeries[]; formatValue: (n: number) => string },
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
    scales: { x: { time: false, range: [-0.6, n - 0.4] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] } },
    axes: [
      {
        incrs: [1, 2, 3, 6, 12],
        space: 44,
        values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? shortLabel(input.labels[v] ?? '') : '')),
        grid: { show: false },
        stroke: '#4a5568',
      },
      { size: 56, values: (_u, splits) => splits.map(compact), stroke: '#4a5568', grid: { stroke: '#e2e8f0', width: 1 } },
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
