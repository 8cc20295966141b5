import { resolve } from 'node:path';
import { mergedValues } from './config/load-config.ts';

/**
 * The Allure results folder, resolved in one place: ALLURE_RESULTS_DIR (environment or .env.staging),
 * else `allure-results`. The config, the reporters and the global setup all ask here.
 */
export function resolveAllureResultsDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return resolve(cwd, mergedValues(env, cwd).ALLURE_RESULTS_DIR || 'allure-results');
}
