/**
 * npm run rollback -- --emergency | --planned [--version=previous] [--dry-run]
 * The runbook's emergency and planned rollback as one command on a deployed compose project:
 * schema down, previous release up, health verified, webhook notified, status page updated.
 */
import { parseArgs } from 'node:util';
import { GateError } from '../core/gate-error.ts';
import { loadConfig, requireConfig } from '../core/config/load-config.ts';
import { runningVersion } from '../probes/running-version.ts';
import { appServices, switchRelease, type Release } from '../target/release-switch.ts';
import { createHttpClient } from '../probes/http-client.ts';
import { createSut } from '../target/sut.ts';

const { values } = parseArgs({
  options: {
    emergency: { type: 'boolean', default: false },
    planned: { type: 'boolean', default: false },
    version: { type: 'string', default: 'previous' },
    'dry-run': { type: 'boolean', default: false },
  },
});

async function main(): Promise<number> {
  if (values.emergency === values.planned) throw new GateError('say --emergency or --planned (exactly one)');
  if (values.version !== 'previous')
    throw new GateError(`--version=${values.version}: only --version=previous is supported`);
  const config = requireConfig(loadConfig());
  const sut = createSut(config);
  const http = createHttpClient(config.httpTimeoutMs);
  const dryRun = values['dry-run'];
  const kind = values.emergency ? 'emergency' : 'planned';
  const { candidate, previous } = config.releases;
  if (!candidate || !previous)
    throw new GateError(
      'the profile names no deploy.candidate and deploy.previous: there is no release to roll back to',
    );
  const from: Release = { ...candidate, older: false };
  const to: Release = { ...previous, older: true };
  const steps = [
    `${kind} rollback of compose project ${config.compose?.project ?? '(none)'} (STAGING_TARGET=${config.target})`,
    `migrate down to ${config.profile.migrations?.previous ?? '(no migrations.previous)'} with ${from.image}`,
    `recreate ${inWords(appServices(config))} with ${to.image}`,
    `verify ${sut.healthUrls[0]} answers 200 with version ${to.version}`,
    config.webhookUrl
      ? 'notify the decision webhook (STAGING_WEBHOOK_URL)'
      : 'no webhook configured (STAGING_WEBHOOK_URL)',
    config.statusPageUrl
      ? 'update the status page (STAGING_STATUS_PAGE_URL)'
      : 'no status page configured (STAGING_STATUS_PAGE_URL)',
  ];
  // A dry run must fail wherever the real rollback would: rollback readiness relies on it.
  sut.require('rollback', 'npm run rollback');
  if (!config.compose) throw new GateError(`STAGING_TARGET=${config.target} has no compose project to roll back`);
  if (dryRun) {
    console.log(
      ['[rollback] dry run, nothing is changed. Steps:', ...steps.map((s, i) => `  ${i + 1}. ${s}`)].join('\n'),
    );
    return 0;
  }
  console.log(`[rollback] ${steps[0]}`);
  const { seconds } = await switchRelease(config, from, to);
  const running = await runningVersion(http, sut.healthUrls[0] as string, config.profile);
  const { status, version } = running;
  const healthy = status === 200 && version === to.version;
  const message = healthy
    ? `Rollback completed in ${seconds.toFixed(1)} s: ${to.version} is live and healthy`
    : `Rollback finished in ${seconds.toFixed(1)} s but health is ${status} with version ${version}`;
  console.log(`[rollback] ${message}`);
  await notify(http, config.webhookUrl, { text: `staging-gate ${kind} rollback: ${message}` });
  await notify(http, config.statusPageUrl, { status: healthy ? 'operational' : 'degraded', message });
  return healthy ? 0 : 1;
}

/** A failing notification is reported, never fatal: the rollback itself is what matters. */
async function notify(http: ReturnType<typeof createHttpClient>, url: string | undefined, body: object): Promise<void> {
  if (!url) return;
  const res = await http(url, { method: 'POST', body, timeoutMs: 5_000 }).catch((error: Error) => error);
  const outcome = res instanceof Error ? res.message : `HTTP ${res.status}`;
  console.log(`[rollback] notified ${new URL(url).host}: ${outcome}`);
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[rollback] ${error instanceof GateError ? error.message : error.stack}`);
    process.exit(1);
  },
);

/** "a", "a and b", "a, b and c". */
function inWords(names: readonly string[]): string {
  return names.length <= 1
    ? (names[0] ?? '(no application service)')
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
