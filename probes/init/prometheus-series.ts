/**
 * Whether a body is Prometheus text exposition, and a few of its family names for the profile's
 * `metrics.series`: parsed with the parser the gate's metrics check uses, so every name chosen is one it finds.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** Families every client library exports: kept only when the application exports nothing of its own. */
const RUNTIME_PREFIXES = ['process_', 'nodejs_', 'go_', 'python_', 'jvm_', 'promhttp_', 'dotnet_', 'ruby_'];
export const MAX_SERIES = 3;

/** Family names, or undefined when the text is not Prometheus exposition (HTML, JSON, empty). */
export function prometheusFamilies(text: string): string[] | undefined {
  const trimmed = text.trimStart();
  if (trimmed === '' || trimmed.startsWith('<') || trimmed.startsWith('{') || trimmed.startsWith('[')) return undefined;
  try {
    const names = parsePrometheusTextFormat(text).map((family) => family.name);
    return names.length > 0 ? names : undefined;
  } catch {
    return undefined;
  }
}

/** Up to `max` names: the application's own families first (counters ending in _total first), then runtime ones. */
export function pickSeries(names: readonly string[], max = MAX_SERIES): string[] {
  const runtime = (name: string) => RUNTIME_PREFIXES.some((prefix) => name.startsWith(prefix));
  const own = names.filter((n) => !runtime(n));
  const ranked = [...own.filter((n) => n.endsWith('_total')), ...own.filter((n) => !n.endsWith('_total'))];
  return [...new Set([...ranked, ...names.filter(runtime)])].slice(0, max);
}
