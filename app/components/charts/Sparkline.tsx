/** A small SVG line chart of one or two series over time (e.g. p50 and p95 latency per minute). */
import { For } from 'solid-js';

export interface SparkSeries {
  label: string;
  values: readonly number[];
  className: string;
}

export function Sparkline(props: { series: readonly SparkSeries[]; width?: number; height?: number; title: string }) {
  const width = () => props.width ?? 160;
  const height = () => props.height ?? 36;
  const max = () => Math.max(1e-9, ...props.series.flatMap((s) => s.values));
  const points = (values: readonly number[]) => {
    const step = values.length > 1 ? (width() - 4) / (values.length - 1) : 0;
    return values
      .map((v, i) => `${(2 + i * step).toFixed(1)},${(height() - 2 - (v / max()) * (height() - 4)).toFixed(1)}`)
      .join(' ');
  };
  return (
    <svg
      class="sparkline"
      width={width()}
      height={height()}
      viewBox={`0 0 ${width()} ${height()}`}
      role="img"
      aria-label={props.title}
    >
      <title>{props.title}</title>
      <For each={props.series}>{(s) => <polyline class={s.className} fill="none" points={points(s.values)} />}</For>
    </svg>
  );
}
