/**
 * Renders a drafted profile as YAML with its comments: TODO markers next to the fields they are about,
 * a header, and commented-out sections at the end. Small maps (a service, a route, an env reference) are
 * written on one line. Pure.
 */
import { Document, isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Draft } from './build-profile.ts';

const FLOW_MAX_CHARS = 80;

export function renderProfileYaml(draft: Pick<Draft, 'profile' | 'header' | 'comments' | 'footer'>): string {
  const doc = new Document(draft.profile);
  doc.commentBefore = draft.header;
  for (const spot of draft.comments) {
    const target = locate(doc, spot.path);
    if (!target)
      throw new Error(
        `render-yaml: no node at ${spot.path.join('.')} for the comment "${spot.before ?? spot.after ?? ''}"`,
      );
    if (spot.before) target.before.commentBefore = join(target.before.commentBefore, spot.before);
    if (spot.after) target.after.comment = join(target.after.comment, spot.after);
  }
  // After the comments: a collection with a comment inside stays in block style.
  flowSmallMaps(doc.contents);
  if (draft.footer) doc.comment = draft.footer;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

function join(existing: string | null | undefined, text: string): string {
  return existing ? `${existing}\n${text}` : text;
}

/** The node a "before" comment goes on (a map key, or the list item) and the one an "after" comment goes on (the value). */
function locate(doc: Document, path: readonly (string | number)[]): { before: Node; after: Node } | undefined {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
  if (typeof last === 'number' && isSeq(parent)) {
    const item = parent.items[last];
    return item && isNode(item) ? { before: item, after: item } : undefined;
  }
  if (!isMap(parent)) return undefined;
  const pair = (parent as YAMLMap).items.find((p: Pair) => isScalar(p.key) && p.key.value === last);
  if (!pair || !isScalar(pair.key) || !isNode(pair.value)) return undefined;
  return { before: pair.key, after: pair.value };
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value);
}

/** Maps and lists of scalars (or of such small maps) that fit on one line are written in flow style. */
function flowSmallMaps(node: unknown): void {
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) flowSmallMaps(isPair(item) ? item.value : item);
    const text = JSON.stringify(node.toJSON());
    const simple = node.items.every((item) => {
      const key = isPair(item) && isNode(item.key) ? item.key : undefined;
      const value = isPair(item) ? item.value : item;
      if (key?.commentBefore || key?.comment) return false;
      if (isNode(value) && (value.commentBefore || value.comment)) return false;
      return isScalar(value) || ((isMap(value) || isSeq(value)) && value.flow === true);
    });
    if (simple && text.length <= FLOW_MAX_CHARS && !(isSeq(node) && node.items.some(isMap))) {
      node.flow = true;
    }
  }
}
