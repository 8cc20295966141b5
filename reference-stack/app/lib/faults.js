// Fault switches: read from FAULTS at startup; where FAULT_CONTROL_PORT is set (self-tests only), the
// control server (lib/control.js) replaces them at run time. Call sites ask fault() per request.
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

/** The delays a run-time change may override; absent, the env value in config applies. */
export const DELAY_PARAMETERS = ['slowHealthMs', 'slowApiMs'];

const requested = (process.env.FAULTS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

let active = new Set(requested.filter((name) => KNOWN_FAULTS.includes(name)));
let delays = {};

export const unknownFaults = requested.filter((name) => !KNOWN_FAULTS.includes(name));
export const activeFaults = () => [...active];
export const fault = (name) => active.has(name);

/** The slow-health / slow-api delay now: the run-time override, else FAULT_SLOW_*_MS via config. */
export const faultDelayMs = (parameter, config) => delays[parameter] ?? config[parameter];

/** Replaces the whole run-time state: the active set and the delay overrides (absent ones fall back). */
export function setFaults(names, overrides = {}) {
  active = new Set(names);
  delays = Object.fromEntries(DELAY_PARAMETERS.filter((p) => overrides[p] !== undefined).map((p) => [p, overrides[p]]));
}

/** What GET /faults and the change log show. */
export const faultState = () => ({ faults: activeFaults(), ...delays });
