/**
 * OpenAPI 3.0 schemas are a JSON Schema draft-04/05 dialect. ajv's draft-07 class accepts most of it;
 * this rewrites the rest: `nullable: true` (ajv refuses it without `type`) and boolean `exclusiveMinimum`.
 * 3.1 documents are JSON Schema 2020-12 and need none of this.
 */

/** Rewrites one schema object in place (its children are already rewritten). */
function rewrite(node: Record<string, unknown>): void {
  for (const [exclusive, limit] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const flag = node[exclusive];
    if (typeof flag !== 'boolean') continue;
    if (flag && typeof node[limit] === 'number') {
      node[exclusive] = node[limit];
      delete node[limit];
    } else delete node[exclusive];
  }
  if (typeof node.nullable !== 'boolean') return;
  const nullable = node.nullable;
  delete node.nullable;
  if (!nullable) return;
  if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
  if (typeof node.type === 'string') node.type = [node.type, 'null'];
  else if (Array.isArray(node.type)) node.type = node.type.includes('null') ? node.type : [...node.type, 'null'];
  else {
    // No `type` (a `$ref`, `allOf`, ...): null or the schema.
    const rest = { ...node };
    for (const key of Object.keys(node)) delete node[key];
    node.anyOf = [{ type: 'null' }, rest];
  }
}

/**
 * A copy of a 3.0 document whose schemas ajv's draft-07 class validates as 3.0 means them.
 * Applied to every object: only schema positions are ever compiled, so rewriting other data is harmless.
 */
export function toDraft07(document: unknown): unknown {
  const copies = new Map<object, unknown>();
  const visit = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    const known = copies.get(node);
    if (known !== undefined) return known;
    if (Array.isArray(node)) {
      const copy: unknown[] = [];
      copies.set(node, copy);
      for (const item of node) copy.push(visit(item));
      return copy;
    }
    const copy: Record<string, unknown> = {};
    copies.set(node, copy);
    for (const [key, value] of Object.entries(node)) copy[key] = visit(value);
    rewrite(copy);
    return copy;
  };
  return visit(document);
}
