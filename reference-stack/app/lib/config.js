// Environment -> one plain config object; parsing lives here so handlers never read process.env.
const int = (value, fallback) => {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};
const list = (value) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function loadConfig(env = process.env) {
  return Object.freeze({
    port: int(env.PORT, 3001),
    databaseUrl: env.DATABASE_URL ?? '',
    redisUrl: env.REDIS_URL ?? '',
    version: env.APP_VERSION || '0.0.0-dev',
    previousVersion: env.PREVIOUS_VERSION || '1.0.0',
    authSecret: env.AUTH_SECRET ?? '',
    adminUser: env.ADMIN_USER || 'admin',
    adminPassword: env.ADMIN_PASSWORD ?? '',
    metricsToken: env.METRICS_TOKEN ?? '',
    corsOrigins: list(env.CORS_ORIGINS),
    rateLimitMax: int(env.RATE_LIMIT_MAX, 10),
    rateLimitWindowMs: int(env.RATE_LIMIT_WINDOW_MS, 10000),
    // Absent = no limit: a developer checkout knows every migration it ships.
    migrationsMaxVersion: int(env.MIGRATIONS_MAX_VERSION, Number.POSITIVE_INFINITY),
    slowHealthMs: int(env.FAULT_SLOW_HEALTH_MS, 700),
    slowApiMs: int(env.FAULT_SLOW_API_MS, 800),
    slowStartupMs: int(env.FAULT_SLOW_STARTUP_MS, 35000),
    // 0 = no control server: only the self-tests' compose override sets FAULT_CONTROL_PORT.
    controlPort: int(env.FAULT_CONTROL_PORT, 0),
  });
}

// The backend refuses to start without these (a staging deploy with missing config must fail loudly).
export function missingBackendEnv(config) {
  const required = {
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    AUTH_SECRET: config.authSecret,
    ADMIN_PASSWORD: config.adminPassword,
  };
  return Object.entries(required)
    .filter(([, value]) => !value)
    .map(([name]) => name);
}
