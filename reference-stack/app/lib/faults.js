// Fault switches: read once from FAULTS at startup, so each container runs one fixed behaviour.
export const KNOWN_FAULTS = [
  'unhealthy',
  'slow-health',
  'health-lies',
  'failing-migration',
  'missing-header',
  'fatal-log',
  'slow-api',
  'auth-bypass',
  'hang-auth',
  'crash-on-malformed-json',
  'broken-frontend-script',
  'slow-startup',
  'broken-previous-release',
  'leak-secret',
  'cors-wildcard',
  'no-rate-limit',
  'rate-limit-xff-bypass',
  'x-powered-by',
  'metrics-down',
  'broken-cache',
  'server-version-header',
];

const requested = (process.env.FAULTS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

const active = new Set(requested.filter((name) => KNOWN_FAULTS.includes(name)));

export const unknownFaults = requested.filter((name) => !KNOWN_FAULTS.includes(name));
export const activeFaults = [...active];
export const fault = (name) => active.has(name);
