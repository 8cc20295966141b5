// Reads the environment once; secrets stay in this object and are never logged.
const int = (value, fallback) => {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
};

export function loadConfig(env = process.env) {
  return {
    version: env.APP_VERSION || '0.0.0-dev',
    // How many migration files this release knows (2.3.0: 1, 2.4.0: 2); `latest` never goes further.
    migrationsMax: int(env.MIGRATIONS_MAX, Number.MAX_SAFE_INTEGER),
    port: int(env.PORT, 8080),
    controlPort: int(env.CONTROL_PORT, 8081),
    databaseUrl: env.DATABASE_URL || '',
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    jwtSecret: env.JWT_SECRET || '',
    adminEmail: env.ADMIN_EMAIL || 'qa@example.com',
    adminPassword: env.ADMIN_PASSWORD || '',
    metricsKey: env.METRICS_KEY || '',
    corsOrigins: (env.CORS_ORIGINS || '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    faults: env.FAULTS || '',
    faultsFile: env.FAULTS_FILE || '/tmp/orders-faults.json',
    slowListMs: int(env.FAULT_SLOW_LIST_MS, 1500),
    rateLimitAllMax: int(env.RATE_LIMIT_ALL_MAX, 30),
  };
}

// The API refuses to start without its secrets: a half-configured service must not look healthy.
export function missingSecrets(config) {
  const required = { DATABASE_URL: config.databaseUrl, JWT_SECRET: config.jwtSecret };
  Object.assign(required, { ADMIN_PASSWORD: config.adminPassword, METRICS_KEY: config.metricsKey });
  return Object.entries(required)
    .filter(([, value]) => !value)
    .map(([name]) => name);
}
