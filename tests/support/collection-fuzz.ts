import fc from 'fast-check';

// What the collection scanners' fuzz tests (line-scan, population-columns) share: features with
// their members in several orders, a collection written with several indents, and sometimes one byte
// of it dropped, doubled or replaced, read in chunks from one byte up.

/** Orders of a Feature's members. */
export const memberOrder = fc.constantFrom(['type', 'properties', 'geometry'], ['geometry', 'type', 'properties'], ['properties', 'geometry', 'type']);

/** How a collection is written and damaged, and the chunk size it is read in. */
export const collectionDress = {
  indent: fc.constantFrom(undefined, 1, '\t'),
  mutation: fc.option(fc.record({ at: fc.nat(), kind: fc.constantFrom('drop', 'double', 'replace'), byte: fc.constantFrom(...'{}[],:"\\ -+.eE0a\n'.split('')) }), { freq: 2 }),
  chunkBytes: fc.constantFrom(1, 3, 16, 1 << 16),
};

type Mutation = { at: number; kind: 'drop' | 'double' | 'replace'; byte: string } | null;

/** A Feature with its members in `order`, and an `id` when one is given. */
export function orderedFeature(members: Record<string, unknown>, order: readonly string[], id: number | string | null): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k of order) o[k] = members[k];
  if (id !== null) o.id = id;
  return o;
}

/** The collection's text, indented and with its one mutation. */
export function collectionText(features: readonly unknown[], indent: string | number | undefined, mutation: Mutation): string {
  const text = JSON.stringify({ type: 'FeatureCollection', features }, null, indent);
  if (!mutation) return text;
  const at = mutation.at % text.length;
  return mutation.kind === 'drop' ? text.slice(0, at) + text.slice(at + 1)
    : mutation.kind === 'double' ? text.slice(0, at + 1) + text.slice(at)
    : text.slice(0, at) + mutation.byte + text.slice(at + 1);
}
