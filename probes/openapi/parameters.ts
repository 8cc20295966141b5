/**
 * Merges path-level and operation-level parameters and fills the required ones with a value:
 * the profile's first (it knows ids that exist on staging), then the document's examples and defaults.
 */
import { deref } from './json-pointer.ts';
import { isRecord, type ParamValues, type ParameterFill } from './types.ts';

/** A parameter after `$ref` resolution. */
export interface ResolvedParameter {
  /** Parameter name as documented. */
  name: string;
  /** path, query, header or cookie. */
  in: string;
  /** Path parameters are always required. */
  required: boolean;
  /** The parameter object itself. */
  spec: Record<string, unknown>;
}

/** Where parameters are declared: the path item, then the operation. */
export interface ParameterOwner {
  /** The path item or operation object. */
  node: Record<string, unknown>;
  /** Its JSON pointer, for error messages. */
  pointer: string;
}

/** Parameters of path item + operation; the operation's wins by name+in. Throws the unfollowable ref's reason. */
export function mergeParameters(document: unknown, owners: readonly ParameterOwner[]): ResolvedParameter[] {
  const merged = new Map<string, ResolvedParameter>();
  for (const owner of owners) {
    const params = owner.node.parameters;
    if (!Array.isArray(params)) continue;
    params.forEach((raw, index) => {
      const resolved = deref(document, raw, `${owner.pointer}/parameters/${index}`);
      if (!resolved.ok) throw new Error(resolved.reason);
      const spec = resolved.value;
      if (!isRecord(spec) || typeof spec.name !== 'string' || typeof spec.in !== 'string') return;
      const required = spec.in === 'path' || spec.required === true;
      merged.set(`${spec.in}\n${spec.name}`, { name: spec.name, in: spec.in, required, spec });
    });
  }
  return [...merged.values()];
}

type Primitive = string | number | boolean;
type Filled = Primitive | Primitive[] | undefined;

/** A usable parameter value: primitives, or arrays of primitives (objects are not serialised). */
function usable(value: unknown): Filled {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => usable(v) !== undefined && !Array.isArray(v))) {
    return value as Primitive[];
  }
  return undefined;
}

/** The first value of an `examples` map (Example objects, possibly `$ref`s) or of a 3.1 schema `examples` array. */
function firstExample(document: unknown, examples: unknown): unknown {
  if (Array.isArray(examples)) return examples[0];
  if (!isRecord(examples)) return undefined;
  const first = Object.values(examples)[0];
  const resolved = deref(document, first, '');
  return resolved.ok && isRecord(resolved.value) ? resolved.value.value : undefined;
}

/** Candidate values in order of preference; the first usable one wins. */
function documentedValue(document: unknown, spec: Record<string, unknown>): Filled {
  const media = isRecord(spec.content) ? Object.values(spec.content)[0] : undefined;
  const holders = [spec, isRecord(media) ? media : {}];
  for (const holder of holders) {
    const schema = deref(document, holder.schema, '');
    const s = schema.ok && isRecord(schema.value) ? schema.value : {};
    const enumFirst = Array.isArray(s.enum) ? s.enum[0] : undefined;
    const candidates = [
      holder.example,
      firstExample(document, holder.examples),
      s.example,
      firstExample(document, s.examples),
      s.default,
      enumFirst,
    ];
    for (const candidate of candidates) {
      const value = usable(candidate);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/** Fills `{name}` in the template and the required query, header and cookie parameters. */
export function fillParameters(
  document: unknown,
  parameters: readonly ResolvedParameter[],
  context: { id: string; basePath: string; template: string; profile: ParamValues },
): ParameterFill {
  const missing: string[] = [];
  const values = new Map<ResolvedParameter, Primitive | Primitive[]>();
  for (const parameter of parameters) {
    if (!parameter.required) continue;
    const fromProfile = context.profile[`${context.id}.${parameter.name}`] ?? context.profile[parameter.name];
    const value = fromProfile ?? documentedValue(document, parameter.spec);
    if (value === undefined) missing.push(parameter.name);
    else values.set(parameter, value);
  }
  // A `{name}` in the template without a path parameter definition cannot be filled either.
  for (const [, name] of context.template.matchAll(/\{([^}]+)\}/g)) {
    const defined = parameters.some((p) => p.in === 'path' && p.name === name);
    if (!defined && name !== undefined && !missing.includes(name)) missing.push(name);
  }
  if (missing.length > 0) return { ok: false, missing };

  let path = context.template;
  const query: string[] = [];
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [parameter, value] of values) {
    const list = Array.isArray(value) ? value.map(String) : [String(value)];
    if (parameter.in === 'path') {
      // style: simple (the default): arrays are comma-separated.
      path = path.split(`{${parameter.name}}`).join(list.map(encodeURIComponent).join(','));
    } else if (parameter.in === 'query') {
      // style: form, explode defaults to true: one name=value pair per array item.
      const name = encodeURIComponent(parameter.name);
      if (parameter.spec.explode === false) query.push(`${name}=${list.map(encodeURIComponent).join(',')}`);
      else for (const item of list) query.push(`${name}=${encodeURIComponent(item)}`);
    } else if (parameter.in === 'header') {
      headers[parameter.name.toLowerCase()] = list.join(',');
    } else if (parameter.in === 'cookie') {
      cookies.push(`${parameter.name}=${encodeURIComponent(list.join(','))}`);
    }
  }
  if (cookies.length > 0) headers.cookie = cookies.join('; ');
  const search = query.length > 0 ? `?${query.join('&')}` : '';
  return { ok: true, path: `${context.basePath}${path}${search}`, headers };
}
