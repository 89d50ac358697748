// A WKT coordinate-system text (WKT1 as in ESRI .prj files, or WKT2) as a tree of KEYWORD[args]
// nodes. Only the tree: what the nodes mean is read by layer-crs.ts.

export interface WktNode {
  keyword: string;
  /** Quoted strings, numbers (as numbers), bare enumerations (as strings) and child nodes, in order. */
  args: (string | number | WktNode)[];
}

export function parseWkt(text: string): WktNode {
  let i = 0;
  const s = text.trim();
  const skipSpace = () => { while (i < s.length && /\s/.test(s[i])) i++; };
  const node = (): WktNode => {
    skipSpace();
    const start = i;
    while (i < s.length && /[A-Za-z0-9_]/.test(s[i])) i++;
    const keyword = s.slice(start, i);
    if (!keyword) throw new Error(`expected a keyword at character ${i}`);
    skipSpace();
    const open = s[i];
    if (open !== '[' && open !== '(') throw new Error(`expected [ after ${keyword} at character ${i}`);
    const close = open === '[' ? ']' : ')';
    i++;
    const args: WktNode['args'] = [];
    for (;;) {
      skipSpace();
      const c = s[i];
      if (c === undefined) throw new Error(`unclosed ${keyword}`);
      if (c === close) { i++; break; }
      if (c === ',') { i++; continue; }
      if (c === '"') {
        let j = i + 1;
        let out = '';
        for (;;) {
          if (j >= s.length) throw new Error('unclosed quote');
          if (s[j] === '"' && s[j + 1] === '"') { out += '"'; j += 2; continue; }
          if (s[j] === '"') break;
          out += s[j++];
        }
        args.push(out);
        i = j + 1;
        continue;
      }
      const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s.slice(i, i + 40));
      if (m) { args.push(Number(m[0])); i += m[0].length; continue; }
      // A bare word: an enumeration (NORTH, EAST) or a child node.
      const w = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i, i + 64));
      if (!w) throw new Error(`unexpected "${c}" at character ${i}`);
      let k = i + w[0].length;
      while (k < s.length && /\s/.test(s[k])) k++;
      if (s[k] === '[' || s[k] === '(') args.push(node());
      else { args.push(w[0]); i += w[0].length; }
    }
    return { keyword, args };
  };
  const root = node();
  skipSpace();
  if (i < s.length) throw new Error(`text after the closing bracket at character ${i}`);
  return root;
}

/** The first direct child with this keyword (case-insensitive). */
export function wktChild(node: WktNode, keyword: string): WktNode | undefined {
  return wktChildren(node, keyword)[0];
}

export function wktChildren(node: WktNode, keyword: string): WktNode[] {
  const k = keyword.toUpperCase();
  return node.args.filter((a): a is WktNode => typeof a === 'object' && a.keyword.toUpperCase() === k);
}
