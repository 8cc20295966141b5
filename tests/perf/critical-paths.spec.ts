import { join } from 'node:path';
import { test, expect, criterion } from '../../fixtures/index.ts';
import { profileScenarios } from '../../load/profile-scenarios.ts';
import { runScenario } from '../../load/engine/run-scenario.ts';
import { compareToBaseline } from '../../load/engine/baseline.ts';
import { renderLatencyChart } from '../../load/engine/latency-chart.ts';
import { locateK6 } from '../../load/engine/run-k6.ts';
import {
  describeThreshold,
  runTeamK6,
  teamScriptPath,
  teamScriptProblem,
  type TeamK6Run,
} from '../../load/engine/run-team-k6.ts';
import { lastGoBaseline } from '../../core/history.ts';
import type { Measurement } from '../../core/evidence.ts';
import { loadVariables } from '../../load/load-variables.ts';
import type { EvidenceRecorder } from '../../fixtures/evidence.ts';

/** Bound on the team's own k6 script (perf.k6Script): the check's timeout grows by this much when it runs. */
const TEAM_K6_TIMEOUT_MS = 5 * 60_000;

// Runbook Phase 6: bounded load on the critical paths, k6 threshold grammar, compared with the last GO run.
test(
  'critical paths hold their thresholds under bounded load',
  criterion('performance-in-range'),
  async ({ config, sut, apiToken, evidence, profile }) => {
    // The engine's variables (STAGING_LOAD_ENGINE, STAGING_LOAD_SCENARIOS, K6_BINARY) as the configuration
    // sees them: environment first, then .env.staging.
    const loadEnv = { ...process.env, ...loadVariables(config) };
    const baseline = lastGoBaseline(config.historyFile, { warn: () => undefined });
    const blocking: string[] = [];
    // The team's own k6 script (perf.k6Script) runs when k6 is here; the declarative scenarios run either way.
    const teamProblems: string[] = [];
    const k6Script = profile.perf?.k6Script;
    if (k6Script) {
      const script = teamScriptPath(config.profileDir, k6Script);
      const k6 = await locateK6(loadEnv);
      if (!k6.available) {
        const missing = await teamScriptProblem(script);
        test.info().annotations.push({
          type: 'perf.k6Script',
          description:
            `perf.k6Script ${k6Script} not run: ${k6.reason}; the declarative scenarios run on the built-in engine` +
            (missing ? ` (and ${missing})` : ''),
        });
      } else {
        test.setTimeout(test.info().timeout + TEAM_K6_TIMEOUT_MS);
        await test.step(`perf.k6Script ${k6Script}: the team's k6 script`, async () => {
          const run = await runTeamK6(script, {
            baseUrl: sut.apiUrl,
            token: apiToken,
            outputDir: join(test.info().outputDir, 'k6-script'),
            timeoutMs: TEAM_K6_TIMEOUT_MS,
            env: loadEnv,
          });
          teamProblems.push(...(await recordTeamRun(run, k6Script, evidence, config.redact)).map(config.redact));
        });
      }
    }
    for (const scenario of await profileScenarios(profile, loadEnv)) {
      await test.step(`${scenario.name}: load, thresholds, baseline`, async () => {
        const result = await runScenario(scenario, {
          baseUrl: sut.apiUrl,
          token: apiToken,
          outputDir: join(test.info().outputDir, scenario.name),
          env: loadEnv,
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
    expect(teamProblems, `the team's k6 script (perf.k6Script ${k6Script})`).toEqual([]);
  },
);

/** Records the team script's numbers and summary; returns why it fails the check (none when it passed). */
async function recordTeamRun(
  run: TeamK6Run,
  k6Script: string,
  evidence: EvidenceRecorder,
  redact: (text: string) => string,
): Promise<string[]> {
  if (run.status === 'not-available') return [`perf.k6Script ${k6Script} not run: ${run.reason}`];
  if (run.status === 'error') {
    if (run.stderrTail) {
      await test.info().attach('k6-script stderr', { body: redact(run.stderrTail), contentType: 'text/plain' });
    }
    return [run.stderrTail ? `${run.message}\nk6 stderr (tail):\n${run.stderrTail}` : run.message];
  }
  const n = run.numbers;
  // Samples are the requests the script sent: 0 requests, 0 samples, not evaluated.
  const samples = n.requests;
  evidence.measure('perf.k6-script.http_req_duration.p95', n.p95Ms ?? Number.NaN, 'ms', n.p95Ms === null ? 0 : samples);
  if (n.p99Ms !== null) {
    evidence.measure('perf.k6-script.http_req_duration.p99', n.p99Ms, 'ms', samples);
  } else {
    test.info().annotations.push({
      type: 'perf.k6Script',
      description: `perf.k6-script.http_req_duration.p99 not recorded: the script's summaryTrendStats leave out p(99)`,
    });
  }
  evidence.measure(
    'perf.k6-script.http_req_failed.rate',
    n.failedRate ?? Number.NaN,
    'rate',
    n.failedRate === null ? 0 : samples,
  );
  evidence.measure(
    'perf.k6-script.http_reqs.rate',
    n.requestRate ?? Number.NaN,
    'req/s',
    n.requestRate === null ? 0 : samples,
  );
  test.info().annotations.push({
    type: 'perf.k6Script',
    description: `${k6Script} on ${run.k6}: exit ${run.exitCode}, ${n.requests} requests, ${run.thresholds.length} thresholds`,
  });
  await test.info().attach('k6-script summary.json', {
    body: redact(JSON.stringify(run.summary, null, 2)),
    contentType: 'application/json',
  });
  await test.info().attach('k6-script thresholds', {
    body: run.thresholds.map((t) => `${t.status.padEnd(13)} ${describeThreshold(t)}`).join('\n') || 'no thresholds',
    contentType: 'text/plain',
  });

  const problems: string[] = [];
  if (run.verdict === 'fail') {
    const crossed = run.thresholds.filter((t) => t.status === 'crossed').map(describeThreshold);
    problems.push(
      crossed.length > 0
        ? `k6 thresholds crossed (exit 99): ${crossed.join('; ')}`
        : 'k6 exited 99 (thresholds crossed) but its summary names no crossed threshold',
    );
  }
  const notEvaluated = run.thresholds.filter((t) => t.status === 'not-evaluated').map(describeThreshold);
  if (notEvaluated.length > 0) {
    problems.push(`k6 thresholds not evaluated (no samples; k6 passes these silently): ${notEvaluated.join('; ')}`);
  }
  if (n.requests === 0) problems.push(`${k6Script} sent no HTTP requests: nothing to judge`);
  return problems;
}
