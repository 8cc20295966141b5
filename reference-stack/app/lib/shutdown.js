// Graceful stop on SIGTERM/SIGINT: stop accepting, give in-flight requests 500 ms, close pools.
// Why the hard deadline: `docker stop` must finish well inside its grace period (< 2 s).
const closers = [];
const HARD_DEADLINE_MS = 1500;

export function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 500).unref();
  });
}

// Closers run in registration order; register the server before the pools it uses.
export function onShutdown(closer) {
  closers.push(closer);
}

export function installSignalHandlers(log) {
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    setTimeout(() => {
      log.warn('shutdown deadline reached, exiting');
      process.exit(0);
    }, HARD_DEADLINE_MS).unref();
    for (const closer of closers) {
      try {
        await closer();
      } catch (err) {
        log.warn('shutdown step failed', { error: err.message });
      }
    }
    log.info('stopped', { signal });
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

// A crash is still one structured line, so "no fatal errors in logs" can see it.
export function installCrashHandlers(log) {
  const crash = (kind) => (err) => {
    log.fatal(kind, { error: err?.message ?? String(err), stack: err?.stack });
    process.exit(1);
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled rejection'));
}
