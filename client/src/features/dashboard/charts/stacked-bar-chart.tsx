// A stacked bar chart with reading aids: the unit on the y axis, month labels people read
// (2024年1月), the month under a tap or the pointer read out beside the chart (and by the arrow
// keys, for keyboards and screen readers), series that are zero throughout left out, and a
// table behind it. uPlot itself is loaded only when a chart is first shown.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
}

export interface StackedBarChartProps {
  readonly title: string;
  readonly summary: string;
  /** "YYYY-MM" month keys. */
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly formatValue: (n: number) => string;
  readonly labelHeader: string;
  readonly testId?: string;
}

function yearMonth(label: string): [number, number] | null {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export function StackedBarChart(props: StackedBarChartProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [picked, setPicked] = useState<number | null>(null);
  const { labels, formatValue } = props;
  // A series that is zero every month says nothing: leave it out of the bars, legend and table.
  const series = useMemo(() => props.series.filter((s) => s.values.some((v) => v !== 0)), [props.series]);
  const monthName = (label: string) => {
    const ym = yearMonth(label);
    return ym ? t.chart.month(ym[0], ym[1]) : label;
  };
  const tickLabel = useMemo(
    () => (label: string, first: boolean) => {
      const ym = yearMonth(label);
      if (!ym) return label;
      return first ? t.chart.month(ym[0], ym[1]) : t.chart.monthShort(ym[0], ym[1]);
    },
    [t],
  );

  useEffect(() => {
    let live = true;
    let dispose: (() => void) | null = null;
    void import('./uplot-stacked-bars').then((m) => {
      if (!live || !ref.current || series.length === 0) return;
      dispose = m.renderStackedBars(ref.current, { labels, series, formatValue, tickLabel, unit: t.chart.yuan, onPick: (i) => i != null && setPicked(i) });
      setReady(true);
    });
    return () => {
      live = false;
      dispose?.();
    };
  }, [labels, series, formatValue, tickLabel, t]);

  const onKey = (e: KeyboardEvent) => {
    if (!labels.length) return;
    const last = labels.length - 1;
    const at = picked ?? last + 1;
    const next = e.key === 'ArrowLeft' ? Math.max(0, at - 1) : e.key === 'ArrowRight' ? Math.min(last, at + 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (next == null) return;
    e.preventDefault();
    setPicked(next);
  };

  const total = (i: number) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0);
  // Nothing but zeros: say so instead of drawing an empty grid.
  if (series.length === 0) {
    return (
      <figure class="chart-figure" data-testid={props.testId}>
        <figcaption>{props.summary}</figcaption>
        <p class="muted" data-testid="chart-empty">
          {t.chart.noData}
        </p>
      </figure>
    );
  }
  return (
    <figure class="chart-figure" data-testid={props.testId}>
      {/* The section around the chart carries its heading, shown before the data arrives. */}
      <figcaption>{props.summary}</figcaption>
      <p class="chart-readout" aria-live="polite" data-testid="chart-readout">
        {picked != null && labels[picked] ? (
          <>
            <strong>{monthName(labels[picked])}</strong>
            {series.map((s) => (
              <span key={s.label}>
                <span class="swatch" style={{ background: s.color }} aria-hidden="true" />
                {s.label} {formatValue(s.values[picked] ?? 0)}
              </span>
            ))}
            <span>
              {t.dashboard.total} {formatValue(total(picked))}
            </span>
          </>
        ) : (
          <span class="muted small">{t.chart.tapHint}</span>
        )}
      </p>
      <div ref={ref} class="chart" role="img" tabIndex={0} aria-label={`${props.summary} ${t.chart.chartLabel(props.title)}`} onKeyDown={onKey}>
        {!ready && <span class="skeleton-block" />}
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
            <caption class="muted small">
              {props.title} · {t.chart.yuan}
            </caption>
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
                  <th scope="row">{monthName(label)}</th>
                  {series.map((s) => (
                    <td class="num" key={s.label}>
                      {formatValue(s.values[i] ?? 0)}
                    </td>
                  ))}
                  <td class="num">{formatValue(total(i))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
