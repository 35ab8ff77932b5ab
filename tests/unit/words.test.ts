/**
 * Words people read: no space between Chinese and a number (「14天」, not「14 天」), in the server's
 * messages, the ruleset's texts, both mini-programs' and the console's strings. Template placeholders count as
 * numbers (most are counts, seconds, days); a masked name does not.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import rulesetV1 from '../../shared/rules/v1.json';

const ROOTS = ['functions', 'shared', 'mini-program', 'console/src'];
const CJK = '\\u3000-\\u303f\\u4e00-\\u9fff\\uff01-\\uff0f\\uff1a-\\uff20';
const SPACED = new RegExp(`[${CJK}][ \\u00a0]+[0-9]|[0-9%][ \\u00a0]+[${CJK}]`);
/** A date followed by its clock time keeps its space: 「3月1日 08:30」. */
const DATE_TIME = /日[ \u00a0]+0*[0-9]{0,2}:/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : files(path);
    return /\.(tsx?|axml)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The string literals of a TypeScript file (comments skipped), template placeholders filled in. */
export function stringLiterals(source: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '/' && source[i + 1] === '/') i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
    else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i + 2) === -1 ? source.length : source.indexOf('*/', i + 2) + 2;
    else if (c === "'" || c === '"' || c === '`') {
      let text = '';
      let j = i + 1;
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\') {
          text += source.slice(j, j + 2);
          j += 2;
        } else if (c === '`' && source[j] === '$' && source[j + 1] === '{') {
          let depth = 1;
          let k = j + 2;
          while (k < source.length && depth > 0) {
            if (source[k] === '{') depth++;
            else if (source[k] === '}') depth--;
            k++;
          }
          text += /maskedName\s*$/.test(source.slice(j + 2, k - 1)) ? 'X' : '0';
          j = k;
        } else if (c !== '`' && source[j] === '\n') break;
        else text += source[j++];
      }
      out.push(text);
      i = j + 1;
    } else i++;
  }
  return out;
}

function offending(text: string): boolean {
  const filled = text.replace(/\{\{[^}]*maskedName[^}]*\}\}/g, 'X').replace(/\{\{[^}]*\}\}/g, '0').replace(/\{[a-zA-Z]+\}/g, '0');
  return SPACED.test(filled.replace(DATE_TIME, '日0:'));
}

function rulesetStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(rulesetStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(rulesetStrings);
  return [];
}

describe('words: no space between Chinese and numbers', () => {
  test('the scanner finds what it should (so the scan below can fail)', () => {
    expect(stringLiterals("// 还需 3 天\nconst a = '还需 3 天'; const b = `请${n} 秒后`; const c = `家人 ${row.maskedName}`;")).toEqual(['还需 3 天', '请0 秒后', '家人 X']);
    expect(['还需 3 天', '请0 秒后', '共 0%', '37.3 ℃', '3月1日 08:30', '家人 X', '观察期至 {date} 结束', '从 {{stay.from}}', '家人 {{item.maskedName}}'].map(offending)).toEqual([true, true, true, false, false, false, true, true, false]);
  });

  test('server messages, both apps’ and the console’s strings', () => {
    const found: string[] = [];
    for (const file of ROOTS.flatMap((root) => files(root))) {
      const source = readFileSync(file, 'utf8');
      const texts = file.endsWith('.axml') ? source.split('\n') : stringLiterals(source);
      for (const text of texts) if (offending(text)) found.push(`${file}: ${text.trim()}`);
    }
    expect(found).toEqual([]);
  });

  test('the ruleset’s texts and reasons', () => {
    expect(rulesetStrings(rulesetV1).filter(offending)).toEqual([]);
  });
});
