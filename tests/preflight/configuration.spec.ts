import { test, criterion } from '../../fixtures/index.ts';
import { GateError } from '../../core/gate-error.ts';
import { formatConfigIssues, loadConfig } from '../../core/config/load-config.ts';

test('configuration is complete and valid for the chosen target', criterion('missing-env-config'), async () => {
  // Parsed here without the `config` fixture, so this check reports the problems instead of crashing on them.
  const result = loadConfig();
  if (!result.ok) throw new GateError(formatConfigIssues(result.issues), 'invalid-config');
});
