/**
 * Checks generated profile text the way the gate will read it: YAML, the strict profile schema, and the
 * health body schema compiled by ajv. A problem here is a bug of `npm run init`, never the user's.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { profileSchema, type TargetProfile } from '../../core/profile/schema.ts';

export type ProfileCheck = { ok: true; profile: TargetProfile } | { ok: false; issues: string[] };

export function checkProfileText(text: string): ProfileCheck {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    return { ok: false, issues: [`not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  const parsed = profileSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const issues: string[] = [];
  const ajv = new Ajv2020({ strict: false });
  parsed.data.health.endpoints.forEach((endpoint, index) => {
    if (!endpoint.schema) return;
    try {
      ajv.compile(endpoint.schema);
    } catch (error) {
      issues.push(`health.endpoints.${index}.schema: ${(error as Error).message}`);
    }
  });
  return issues.length ? { ok: false, issues } : { ok: true, profile: parsed.data };
}
