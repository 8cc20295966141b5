import { join } from 'node:path';
import { test, expect, criterion } from '../../fixtures/index.ts';
import { profileScenarios } from '../../load/profile-scenarios.ts';
import { runScenario } from '../../load/engine/run-scenario.ts';
import { compareToBaseline } from '../../load/engine/baseline.ts';
import { renderLatencyChart } from '../../load/engine/latency-chart.ts';
import { lastGoBaseline } from '../../core/history.ts';
import type { Measurement } from '../../core/evidence.ts';

// Runbook Phase 6: bounded load on the critical paths, k6 threshold grammar, compared with the last GO run.
test(
  'critical paths hold their thresholds under bounded load',
  criterion('performance-in-range'),
  async ({ config, sut, apiToken, evidence, profile }) => {
    const baseline = lastGoBaseline(config.historyFile, { warn: () => undefined });
    const blocking: string[] = [];
    for (const scenario of await profileScenarios(profile)) {
      await test.step(`${scenario.name}: load, thresholds, baseline`, async () => {
        const result = await runScenario(scenario, {
          baseUrl: sut.apiUrl,
          token: apiToken,
          outputDir: join(test.info().outputDir, scenario.name),
        });
        const m = result.summary.metrics;
        const recorded: Measurement[] = [
          evidence.measure(
            `perf.${scenario.name}.http_req_duration.p95`,
            m.http_req_duration['p(95)'] ?? Number.NaN,
            'ms',
            m.http_req_duration.count,
          ),
          evidence.measure(
            `perf.${scenario.name}.http_req_duration.p99`,
            m.http_req_duration['p(99)'] ?? Number.NaN,
            'ms',
            m.http_req_duration.count,
          ),
          evidence.measure(
            `perf.${scenario.name}.http_req_failed.rate`,
            m.http_req_failed.rate,
            'rate',
            m.http_reqs.count,
          ),
          evidence.measure(`perf.${scenario.name}.http_reqs.rate`, m.http_reqs.rate, 'req/s', m.http_reqs.count),
        ];
        const previous = baseline?.measurements.find((b) => b.name === `perf.${scenario.name}.http_req_duration.p95`);
        const comparison = compareToBaseline(
          m.http_req_duration.count ? (m.http_req_duration['p(95)'] ?? null) : null,
          previous?.value,
        );
        // A ratio of tiny latencies is noise (13 ms -> 26 ms is "2x"): grade it only past an absolute floor.
        const beyondNoise =
          comparison.status === 'compared' &&
          comparison.currentP95Ms - comparison.baselineP95Ms >= config.baselineNoiseMs;
        if (comparison.status === 'compared' && beyondNoise) {
          recorded.push(evidence.measure(`perf.${scenario.name}.p95.vs-baseline`, comparison.ratio, 'ratio', 1));
        }
        const noiseNote =
          comparison.status === 'compared' && !beyondNoise
            ? ` (within ${config.baselineNoiseMs} ms of the baseline: not graded)`
            : '';
        test.info().annotations.push({
          type: `${scenario.name} baseline`,
          description: (baseline ? `${comparison.summary} (GO run ${baseline.runId})` : comparison.summary) + noiseNote,
        });

        await test.info().attach(`${scenario.name} summary.json`, {
          body: JSON.stringify({ ...result, notes: result.notes.map(config.redact) }, null, 2),
          contentType: 'application/json',
        });
        await test.info().attach(`${scenario.name} latency.svg`, {
          body: renderLatencyChart(result.summary),
          contentType: 'image/svg+xml',
        });
        await test.info().attach(`${scenario.name} thresholds`, {
          body: result.thresholds
            .map((t) => `${t.status.padEnd(13)} ${t.metric}: ${t.expression} (observed ${t.observed ?? 'n/a'})`)
            .join('\n'),
          contentType: 'text/plain',
        });

        if (result.verdict === 'not-evaluated')
          blocking.push(`${scenario.name}: no samples to judge (${config.redact(result.notes.join('; '))})`);
        // Checks record; the decision grades every measurement against the policy (pass / warn levels).
      });
    }
    expect(blocking, 'performance not measured').toEqual([]);
  },
);
