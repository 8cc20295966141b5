/** What CI tells us about the build: Allure's executor and the link a notification points to. */

export const REPORT_NAME = 'staging-gate deployment report';

export interface Executor {
  name: string;
  type: string;
  url?: string;
  buildOrder?: number;
  buildName?: string;
  buildUrl?: string;
  reportName?: string;
  reportUrl?: string;
}

function githubRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

/** Allure's executor.json from GitHub Actions variables, or a local executor. */
export function executorFromEnv(env: NodeJS.ProcessEnv, runId: string): Executor {
  if (env.GITHUB_ACTIONS === 'true') {
    const runNumber = Number(env.GITHUB_RUN_NUMBER);
    const buildUrl = githubRunUrl(env);
    return {
      name: 'GitHub Actions',
      type: 'github',
      ...(env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY
        ? { url: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` }
        : {}),
      ...(Number.isInteger(runNumber) ? { buildOrder: runNumber } : {}),
      buildName: `${env.GITHUB_WORKFLOW ?? 'workflow'} #${env.GITHUB_RUN_NUMBER ?? '?'} (${env.GITHUB_REF_NAME ?? 'unknown ref'})`,
      ...(buildUrl ? { buildUrl } : {}),
      reportName: REPORT_NAME,
    };
  }
  return { name: 'local', type: 'local', buildName: `staging-gate run ${runId}`, reportName: REPORT_NAME };
}

/** Where a person reading a notification finds the report: STAGING_REPORT_URL, else the CI run page. */
export function reportLink(env: NodeJS.ProcessEnv, fallback: string): string {
  return env.STAGING_REPORT_URL || githubRunUrl(env) || fallback;
}
