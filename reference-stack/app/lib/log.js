// Structured logs: one JSON object per line on stdout, so the gate can grep levels and fields.
const SECRET_KEYS = /pass(word)?|token|secret|authorization|cookie/i;

// Why: a log line must never carry a credential, whatever a caller passes in.
function redact(fields) {
  const out = {};
  for (const [key, value] of Object.entries(fields)) out[key] = SECRET_KEYS.test(key) ? '[redacted]' : value;
  return out;
}

export function createLogger(service) {
  const write = (level, msg, fields = {}) => {
    const line = { time: new Date().toISOString(), level, msg, service, ...redact(fields) };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    fatal: (msg, fields) => write('fatal', msg, fields),
  };
}
