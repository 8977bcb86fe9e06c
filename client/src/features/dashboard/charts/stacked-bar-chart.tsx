// A stacked bar chart with a text alternative. uPlot itself is loaded only when a chart is
// first shown, so it stays out of the first-screen bundle.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
}

export interface StackedBarChartProps {
  readonly title: string;
  readonly summary: string;
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly formatValue: (n: number) => string;
  readonly labelHeader: string;
  readonly testId?: string;
}

export function StackedBarChart(props: StackedBarChartProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const { labels, series, formatValue } = props;

  useEffect(() => {
    let live = true;
    let dispose: (() => void) | null = null;
    void import('./uplot-stacked-bars').then((m) => {
      if (!live || !ref.current) return;
      dispose = m.renderStackedBars(ref.current, { labels, series, formatValue });
      setReady(true);
    });
    return () => {
      live = false;
      dispose?.();
    };
  }, [labels, series, formatValue]);

  return (
    <figure class="chart-figure" data-testid={props.testId}>
      <figcaption>
        <h2>{props.title}</h2>
      </figcaption>
      <p>{props.summary}</p>
      <div ref={ref} class="chart" role="img" aria-label={props.summary}>
        {!ready && <p class="muted">{t.dashboard.chartLoading}</p>}
      </div>
      <ul class="chart-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.label}>
            <span class="swatch" style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t.dashboard.chartTable}</summary>
        <div class="table-wrap">
          <table>
            <caption class="muted small">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.labelHeader}</th>
                {series.map((s) => (
                  <th scope="col" class="num" key={s.label}>
                    {s.label}
                  </th>
                ))}
                <th scope="col" class="num">
                  {t.dashboard.total}
                </th>
              </tr>
            </thead>
            <tbody>
              {labels.map((label, i) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {series.map((s) => (
                    <td class="num" key={s.label}>
                      {formatValue(s.values[i] ?? 0)}
                    </td>
                  ))}
                  <td class="num">{formatValue(series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
