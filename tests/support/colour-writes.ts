/**
 * Static check behind "no route, script or console path writes a colour": finds every write to a
 * status item (PK=HOLDER#…, SK=STATUS) or a history item (SK=HIST#…) in TypeScript source.
 *
 * A write is a `new PutCommand(…)` / `new UpdateCommand(…)` call, a `Put: {…}` / `Update: {…}` element
 * of a transaction, a `PutRequest: {…}` of a batch, or any PartiQL statement. It targets a status or
 * history item when its text names `keys.status(`, `keys.history(`, a variable assigned from one of
 * those, or the literals 'STATUS' / HIST#. Deletes are not colour writes (account erasure deletes a
 * status). Heuristic by design, so the test also runs it on snippets that must be caught.
 */
const WRITE_STARTS = /new\s+(?:PutCommand|UpdateCommand)\s*\(|\b(?:Put|Update|PutRequest)\s*:\s*\{/g;
const PARTIQL = /\b(?:ExecuteStatementCommand|BatchExecuteStatementCommand|ExecuteTransactionCommand)\b/;

/** The text from `start` to the bracket that closes the first one opened at or after it. */
function balanced(source: string, start: number): string {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return source.slice(start, i + 1);
    }
  }
  return source.slice(start);
}

export interface ColourWrite {
  line: number;
  text: string;
}

/** Every place in `source` that writes a status or history item (see the module comment). */
export function findColourWrites(source: string): ColourWrite[] {
  const aliases = [...source.matchAll(/(?:const|let|var)\s+(\w+)\s*=\s*(?:\{\s*\.\.\.)?\s*keys\.(?:status|history)\(/g)].map((m) => m[1]!);
  const target = new RegExp(
    [String.raw`keys\.(?:status|history)\(`, `'STATUS'`, `"STATUS"`, 'HIST#', ...aliases.map((a) => String.raw`\b${a}\b`)].join('|'),
  );
  const found: ColourWrite[] = [];
  for (const match of source.matchAll(WRITE_STARTS)) {
    const segment = balanced(source, match.index!);
    if (target.test(segment)) found.push({ line: source.slice(0, match.index).split('\n').length, text: segment.slice(0, 120) });
  }
  if (PARTIQL.test(source)) found.push({ line: 0, text: 'PartiQL statement' });
  return found;
}
