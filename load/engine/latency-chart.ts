/**
 * A self-contained SVG of a scenario's latency: the percentile ladder (p50..p99, max) or, where the engine kept
 * raw samples, a histogram. No scripts, no external fonts, readable at 640x320 in the report.
 */
import type { LoadSummary } from '../metrics.ts';

export interface LatencyChartOptions {
  kind?: 'percentiles' | 'histogram';
  width?: number;
  height?: number;
}

interface Bar {
  label: string;
  value: number;
  caption: string;
}

const MARGIN = { top: 52, right: 16, bottom: 40, left: 60 } as const;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** 1, 2 or 5 times a power of ten, at least `value`: axis ticks people can read. */
export function niceCeiling(value: number): number {
  if (value <= 0 || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

function formatMs(ms: number): string {
  if (ms >= 100) return `${Math.round(ms)}`;
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

function barsFor(summary: LoadSummary, kind: 'percentiles' | 'histogram'): { bars: Bar[]; unit: string } {
  const histogram = summary.latency.histogram;
  if (kind === 'histogram' && histogram && histogram.length > 0) {
    const bars = histogram.map((b) => ({ label: formatMs(b.fromMs), value: b.count, caption: String(b.count) }));
    return { bars, unit: 'requests' };
  }
  const bars = summary.latency.percentiles.map((p) => ({ label: p.label, value: p.ms, caption: formatMs(p.ms) }));
  return { bars, unit: 'ms' };
}

export function renderLatencyChart(summary: LoadSummary, options: LatencyChartOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  const kind = options.kind ?? 'percentiles';
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const m = summary.metrics;
  const title = `${summary.scenario}: latency (${summary.engine})`;
  const subtitle =
    `${m.http_reqs.count} requests in ${(summary.durationMs / 1000).toFixed(1)} s, ` +
    `failed ${(m.http_req_failed.rate * 100).toFixed(2)}%, p95 ${formatMs(m.http_req_duration['p(95)'])} ms`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="22" ${FONT} font-size="15" font-weight="600" fill="#1f2328">${escapeXml(title)}</text>`,
    `<text x="${MARGIN.left}" y="40" ${FONT} font-size="11" fill="#57606a">${escapeXml(subtitle)}</text>`,
  ];
  const { bars, unit } = barsFor(summary, kind);
  if (m.http_req_duration.count === 0 || bars.length === 0) {
    const y = MARGIN.top + plotH / 2;
    parts.push(
      `<text x="${width / 2}" y="${y}" ${FONT} font-size="14" text-anchor="middle" fill="#cf222e">no latency samples: no request got a response</text>`,
      '</svg>',
    );
    return parts.join('\n');
  }
  const top = niceCeiling(Math.max(...bars.map((b) => b.value)));
  const ticks = 5;
  for (let i = 0; i <= ticks; i++) {
    const value = (top * i) / ticks;
    const y = MARGIN.top + plotH - (plotH * i) / ticks;
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y}" x2="${width - MARGIN.right}" y2="${y}" stroke="#d0d7de" stroke-width="1"/>`,
      `<text x="${MARGIN.left - 6}" y="${y + 4}" ${FONT} font-size="10" text-anchor="end" fill="#57606a">${formatMs(value)}</text>`,
    );
  }
  parts.push(
    `<text x="14" y="${MARGIN.top + plotH / 2}" ${FONT} font-size="11" text-anchor="middle" fill="#57606a" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})">${unit}</text>`,
  );
  const slot = plotW / bars.length;
  const barW = Math.max(2, slot * 0.7);
  // Captions on every bar only while they fit; a dense histogram labels every few bars instead.
  const labelEvery = Math.max(1, Math.ceil(28 / slot));
  bars.forEach((bar, i) => {
    const h = (plotH * bar.value) / top;
    const x = MARGIN.left + i * slot + (slot - barW) / 2;
    const y = MARGIN.top + plotH - h;
    const fill = bar.label === 'max' ? '#8c959f' : '#0969da';
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}"><title>${escapeXml(`${bar.label}: ${bar.caption} ${unit}`)}</title></rect>`,
    );
    if (i % labelEvery === 0) {
      const cx = (x + barW / 2).toFixed(1);
      parts.push(
        `<text x="${cx}" y="${height - MARGIN.bottom + 16}" ${FONT} font-size="11" text-anchor="middle" fill="#1f2328">${escapeXml(bar.label)}</text>`,
      );
      if (kind === 'percentiles' || slot >= 28) {
        parts.push(
          `<text x="${cx}" y="${(y - 4).toFixed(1)}" ${FONT} font-size="10" text-anchor="middle" fill="#1f2328">${escapeXml(bar.caption)}</text>`,
        );
      }
    }
  });
  const axisLabel = unit === 'ms' ? 'percentile' : 'latency bucket start (ms)';
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 6}" ${FONT} font-size="11" text-anchor="middle" fill="#57606a">${axisLabel}</text>`,
    '</svg>',
  );
  return parts.join('\n');
}
