/**
 * npm run bench:load [-- --url http://127.0.0.1:PORT/path --connections 50 --duration 5 --rounds 3]
 * Measures the built-in load engine against wrk on the same loopback target, connections and duration, and
 * writes staging-report/bench-load.json. Without --url it starts a trivial node:http server in a child process
 * (so the target does not share the engine's event loop). Rounds alternate the order; medians are reported.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { runAutocannon } from '../load/engine/run-autocannon.ts';
import type { LoadScenario } from '../load/scenarios.ts';

interface Measurement {
  engine: string;
  round: number;
  requestsPerSecond: number;
  p99Ms: number;
  requests: number;
  errors: number;
  /** Load generator CPU time per 1000 requests: efficiency, unlike req/s, hardly depends on other tenants. */
  cpuMsPer1kRequests: number | null;
}

const GOAL = 0.9;
// Far above what 2 cores serve in the duration: the bench is bounded by time, the cap only guards against a runaway.
const REQUEST_CAP = 5_000_000;
const SERVER_SOURCE = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    out: { type: 'string', default: 'staging-report/bench-load.json' },
  },
});
const connections = Number(args.connections);
const durationS = Number(args.duration);
const rounds = Number(args.rounds);

function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', SERVER_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not report its port within 5 s')), 5000);
    child.once('error', reject);
    child.stdout.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${chunk.toString().trim()}/`, stop: () => child.kill() });
    });
  });
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    throw new Error(`--url ${url}: the bench only targets this machine (127.0.0.1); got host ${host}`);
  }
}

const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** wrk --latency output: Requests/sec, the 99% line, totals and socket errors. */
function parseWrk(output: string): Omit<Measurement, 'engine' | 'round' | 'cpuMsPer1kRequests'> {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(output);
  const total = /(\d+) requests in/.exec(output);
  if (!rps || !p99 || !total) throw new Error(`wrk output not understood:\n${output}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  return {
    requestsPerSecond: Number(rps[1]),
    p99Ms: Number(p99[1]) * (UNIT_MS[p99[2] ?? 'ms'] ?? 1),
    requests: Number(total[1]),
    errors: errors + non2xx,
  };
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU ms of this process's reaped children (Linux /proc/self/stat cutime + cstime); null elsewhere. */
function childrenCpuMs(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    // After "pid (comm) ", cutime and cstime are the 14th and 15th fields.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

const perThousand = (cpuMs: number | null, requests: number) =>
  cpuMs === null || requests === 0 ? null : Math.round((cpuMs / requests) * 1000 * 10) / 10;

function runWrk(url: string, round: number): Promise<Measurement> {
  const wrkArgs = ['-t2', `-c${connections}`, `-d${durationS}s`, '--latency', url];
  const cpuBefore = childrenCpuMs();
  return new Promise((resolve, reject) => {
    execFile('wrk', wrkArgs, { timeout: (durationS + 10) * 1000 }, (error, stdout) => {
      if (error) {
        const hint = error.code === 'ENOENT' ? ' (install it: apt-get install -y wrk)' : '';
        reject(new Error(`wrk ${wrkArgs.join(' ')} failed: ${error.message}${hint}`));
        return;
      }
      const parsed = parseWrk(stdout);
      const cpuAfter = childrenCpuMs();
      const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
      resolve({ engine: 'wrk -t2', round, ...parsed, cpuMsPer1kRequests: perThousand(cpu, parsed.requests) });
    });
  });
}

function benchScenario(url: string, seconds: number): { scenario: LoadScenario; baseUrl: string } {
  const target = new URL(url);
  const scenario: LoadScenario = {
    name: 'bench',
    requests: [
      {
        name: 'bench',
        method: 'GET',
        path: target.pathname + target.search,
        headers: {},
        weight: 1,
        expectStatus: 200,
      },
    ],
    executor: { type: 'constant-vus', vus: connections, duration: `${seconds}s` },
    maxRequests: REQUEST_CAP,
    requestTimeout: '5s',
    thresholds: {},
  };
  return { scenario, baseUrl: target.origin };
}

async function runBuiltin(url: string, round: number): Promise<Measurement> {
  const { scenario, baseUrl } = benchScenario(url, durationS);
  const cpuBefore = ownCpuMs();
  const run = await runAutocannon(scenario, { baseUrl });
  const cpu = ownCpuMs() - cpuBefore;
  const m = run.summary.metrics;
  return {
    engine: 'built-in (in-process)',
    round,
    requestsPerSecond: m.http_reqs.rate,
    p99Ms: m.http_req_duration['p(99)'],
    requests: m.http_reqs.count,
    errors: m.http_req_failed.passes,
    cpuMsPer1kRequests: perThousand(cpu, m.http_reqs.count),
  };
}

/** autocannon's own worker threads, for comparison only: the engine needs per-sample latencies, workers lose them. */
async function runAutocannonWorkers(url: string, round: number, workers: number): Promise<Measurement> {
  const cpuBefore = ownCpuMs();
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    workers,
    // Applied per worker by autocannon, hence divided.
    maxOverallRequests: Math.floor(REQUEST_CAP / workers),
    timeout: 5,
  });
  return {
    engine: `autocannon workers=${workers}`,
    round,
    requestsPerSecond: result.requests.total / result.duration,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
    // process.cpuUsage covers worker threads too.
    cpuMsPer1kRequests: perThousand(ownCpuMs() - cpuBefore, result.requests.total),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const loadBefore = loadavg()[0];
  const server = args.url ? undefined : await startServer();
  const url = args.url ?? server?.url ?? '';
  assertLoopback(url);
  const measurements: Measurement[] = [];
  try {
    // Warm-up: the target's JIT and the engine's own, so round 1 is not the cold one.
    await runAutocannon(benchScenario(url, 1).scenario, { baseUrl: benchScenario(url, 1).baseUrl });
    for (let round = 1; round <= rounds; round++) {
      const order = [() => runBuiltin(url, round), () => runWrk(url, round), () => runAutocannonWorkers(url, round, 2)];
      // Alternate who goes first: background load on a shared machine then hits each engine alike.
      if (round % 2 === 0) order.reverse();
      for (const step of order) measurements.push(await step());
    }
  } finally {
    server?.stop();
  }

  const engines = [...new Set(measurements.map((m) => m.engine))];
  const medians = engines.map((engine) => {
    const mine = measurements.filter((m) => m.engine === engine);
    return {
      engine,
      requestsPerSecond: Math.round(median(mine.map((m) => m.requestsPerSecond))),
      p99Ms: Math.round(median(mine.map((m) => m.p99Ms)) * 100) / 100,
      errors: mine.reduce((n, m) => n + m.errors, 0),
      cpuMsPer1kRequests: median(mine.map((m) => m.cpuMsPer1kRequests ?? Number.NaN)),
    };
  });
  const wrk = medians.find((m) => m.engine.startsWith('wrk'));
  const builtin = medians.find((m) => m.engine.startsWith('built-in'));
  const ratio = wrk && builtin ? Math.round((builtin.requestsPerSecond / wrk.requestsPerSecond) * 1000) / 1000 : null;

  const rows = medians.map((m) => {
    const vsWrk = wrk ? (m.requestsPerSecond / wrk.requestsPerSecond).toFixed(2) : '-';
    const cpu = Number.isNaN(m.cpuMsPer1kRequests) ? '-' : m.cpuMsPer1kRequests.toFixed(1);
    return `${m.engine.padEnd(24)} ${String(m.requestsPerSecond).padStart(9)} ${m.p99Ms.toFixed(2).padStart(8)} ${vsWrk.padStart(8)} ${cpu.padStart(12)}`;
  });
  console.log(`target ${url}, ${connections} connections, ${durationS} s, ${rounds} rounds (medians)`);
  console.log(
    `${'engine'.padEnd(24)} ${'req/s'.padStart(9)} ${'p99 ms'.padStart(8)} ${'vs wrk'.padStart(8)} ${'cpu ms/1k'.padStart(12)}`,
  );
  for (const row of rows) console.log(row);
  console.log(
    `built-in / wrk = ${ratio ?? 'n/a'} (goal >= ${GOAL}${ratio !== null && ratio >= GOAL ? ', met' : ', not met'})`,
  );

  const report = {
    target: url,
    connections,
    durationSeconds: durationS,
    rounds,
    // Other tenants' load skews req/s; it is recorded so a figure can be read in context.
    machine: { cpus: availableParallelism(), loadAverage1m: [loadBefore, loadavg()[0]], node: process.version },
    medians,
    ratioBuiltinToWrk: ratio,
    goal: GOAL,
    goalMet: ratio !== null && ratio >= GOAL,
    measurements,
  };
  await mkdir(dirname(args.out), { recursive: true });
  await writeFile(args.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${args.out}`);
}

await main();
