// Fault switches, changeable at runtime through the control port. The active set is mirrored in a
// file inside the container, so a process restarted by `restart: on-failure` keeps its faults.
import { readFileSync, writeFileSync } from 'node:fs';

export const KNOWN_FAULTS = [
  'dependency-down-200',
  'hang-protected',
  'cors-reflect',
  'metrics-open',
  'slow-list',
  'fatal-log',
  'wrong-version',
  'schema-violation',
  'malformed-500',
  'crash-on-foreign-origin',
  'crash-on-malformed',
  'rate-limit-all',
  'plain-401',
];

let active = new Set();
let file = null;
const listeners = [];

const parseList = (text) =>
  String(text)
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);

// The file wins over FAULTS: it only exists when this container already ran (a restart).
export function initFaults(envFaults, faultsFile, log) {
  file = faultsFile;
  let names;
  try {
    names = JSON.parse(readFileSync(file, 'utf8')).faults;
    log.info('faults restored from file', { faults: names });
  } catch {
    names = parseList(envFaults);
  }
  const unknown = names.filter((name) => !KNOWN_FAULTS.includes(name));
  if (unknown.length) log.warn('unknown faults ignored', { unknown });
  setFaults(names.filter((name) => KNOWN_FAULTS.includes(name)));
}

export function setFaults(names) {
  active = new Set(names);
  try {
    writeFileSync(file, JSON.stringify({ faults: [...active] }));
  } catch {
    // Read-only /tmp: faults still work, they just do not survive a restart.
  }
  for (const listener of listeners) listener([...active]);
}

export const onFaultsChanged = (listener) => listeners.push(listener);
export const activeFaults = () => [...active];
export const fault = (name) => active.has(name);
