/**
 * The episode waterfall: an SVG time axis with one bar per stage, tool call and token
 * stream, labelled, with ms ticks. All geometry comes from `layoutWaterfall`; this only
 * maps ms to x in a fixed viewBox that scales to the container's width.
 */
import { createMemo, For, Show } from 'solid-js';
import type { EventEnvelope } from '../../../spec';
import { formatMs } from '../../state/event-summary';
import { layoutWaterfall } from './layout';

const WIDTH = 640;
const LABEL_W = 120;
const RIGHT_PAD = 56;
const ROW_H = 18;
const AXIS_H = 18;

export function Waterfall(props: { events: readonly EventEnvelope[]; now?: number }) {
  const layout = createMemo(() => layoutWaterfall(props.events, props.now));
  const plotW = WIDTH - LABEL_W - RIGHT_PAD;
  const x = (ms: number) => LABEL_W + (ms / layout().total) * plotW;
  const height = () => AXIS_H + layout().bars.length * ROW_H + 4;
  const summary = () =>
    layout()
      .bars.map((bar) => `${bar.label} ${formatMs(bar.end - bar.start)}`)
      .join(', ');
  return (
    <Show when={layout().bars.length > 0} fallback={<p class="empty">No timed events.</p>}>
      <svg
        class="waterfall"
        data-testid="waterfall"
        viewBox={`0 0 ${WIDTH} ${height()}`}
        role="img"
        aria-label={`Waterfall over ${formatMs(layout().total)}: ${summary()}`}
      >
        <For each={layout().ticks}>
          {(tick) => (
            <g class="wf-tick">
              <line x1={x(tick)} x2={x(tick)} y1={AXIS_H - 4} y2={height()} />
              <text x={x(tick)} y={AXIS_H - 7} text-anchor="middle">
                {formatMs(tick)}
              </text>
            </g>
          )}
        </For>
        <For each={layout().bars}>
          {(bar, index) => {
            const y = () => AXIS_H + index() * ROW_H;
            const w = () => Math.max(1.5, x(bar.end) - x(bar.start));
            return (
              <g
                class={`wf-bar lane-${bar.lane} tone-${bar.tone}`}
                classList={{ open: bar.open }}
                data-testid="waterfall-bar"
                data-lane={bar.lane}
              >
                <title>{`${bar.label}: ${formatMs(bar.start)} → ${formatMs(bar.end)} (${formatMs(bar.end - bar.start)})${bar.open ? ', still running' : ''}`}</title>
                <text class="wf-label" x={LABEL_W - 6} y={y() + 12.5} text-anchor="end">
                  {bar.label}
                </text>
                <rect x={x(bar.start)} y={y() + 3} width={w()} height={ROW_H - 6} rx="2" />
                <text class="wf-dur" x={x(bar.start) + w() + 4} y={y() + 12.5}>
                  {formatMs(bar.end - bar.start)}
                </text>
              </g>
            );
          }}
        </For>
      </svg>
    </Show>
  );
}
