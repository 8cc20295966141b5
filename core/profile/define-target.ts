export { env, type EnvRef } from './env-ref.ts';
export function defineTarget<T>(profile: T): T {
  return profile;
}
