import { createRequire } from 'node:module';
import type { CreateNodeOptions, DocumentOptions, SchemaOptions, ToStringOptions } from 'yaml';

type YamlModule = typeof import('yaml');

// `yaml` is loaded on first use (require caches it): the modules that parse YAML (profile, compose file, OpenAPI
// document) are imported by every process of a run, and most of those never parse any.
const requireHere = createRequire(import.meta.url);
const yaml = (): YamlModule => requireHere('yaml') as YamlModule;

export function parseYaml(text: string): unknown {
  return yaml().parse(text);
}

export function stringifyYaml(
  value: unknown,
  options?: DocumentOptions & SchemaOptions & CreateNodeOptions & ToStringOptions,
): string {
  return yaml().stringify(value, options);
}
