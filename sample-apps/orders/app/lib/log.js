// pino-style JSON lines on stdout: numeric levels (30 info, 40 warn, 50 error, 60 fatal), time in ms.
const SECRET_KEYS = /pass(word)?|token|secret|authorization|cookie|key/i;
const LEVELS = { info: 30, warn: 40, error: 50, fatal: 60 };

// A log line never carries a credential, whatever a caller passes in.
function redact(fields) {
  const out = {};
  for (const [key, value] of Object.entries(fields)) out[key] = SECRET_KEYS.test(key) ? '[redacted]' : value;
  return out;
}

export function createLogger(name) {
  const write = (level, msg, fields = {}) => {
    const line = { level: LEVELS[level], time: Date.now(), pid: process.pid, name, msg, ...redact(fields) };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  return Object.fromEntries(Object.keys(LEVELS).map((level) => [level, (msg, fields) => write(level, msg, fields)]));
}
