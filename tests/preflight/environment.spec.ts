import { dirname, join } from 'node:path';
import { test, criterion } from '../../fixtures/index.ts';
import {
  applicationEnvironment,
  checkEnvironment,
  diffEnvFiles,
  profileRequirements,
} from '../../probes/preflight/env-requirements.ts';
import { reportPreflight } from '../../fixtures/preflight-report.ts';

test(
  'application variables are complete and every secret is strong',
  criterion('missing-env-config'),
  async ({ config, evidence }) => {
    const requirements = profileRequirements(config);
    const values = applicationEnvironment(config, requirements);
    const check = checkEnvironment(values, requirements, { where: config.envFile.path });
    await reportPreflight('Application environment', check.issues, evidence, test.info());
  },
);

test(
  '.env.staging defines the same keys as .env.development',
  criterion('minor-config-adjustment'),
  async ({ config, evidence }) => {
    const development = join(dirname(config.envFile.path), '.env.development');
    const diff = diffEnvFiles(development, config.envFile.path);
    test.skip(!diff.compared, `nothing to compare: ${development} and ${config.envFile.path} must both exist`);
    await reportPreflight('Environment drift (key names only)', diff.issues, evidence, test.info());
  },
);
