/**
 * Masking of personal data. Masking is the only way a name, document number or phone number leaves
 * the back end, so every function here is total: for any string it returns a masked string that is
 * never the input itself and keeps only a few characters of it.
 *
 * Characters are counted as Unicode code points, so a surrogate pair (an emoji, a rare CJK
 * character outside the BMP) is one character and is never split in half.
 */
import type { DocumentType } from './identity';

const STAR = '*';

/**
 * Compound surnames (复姓) common enough to matter. A name starting with one keeps the whole surname
 * when it has four or more characters: 欧阳小明 → 欧阳**.
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '上官', '司马', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒',
  '司空', '夏侯', '轩辕', '令狐', '端木', '独孤', '南宫', '西门', '百里', '呼延', '闻人', '澹台',
  '赫连', '钟离', '太史', '申屠', '濮阳', '宗政', '拓跋', '万俟', '鲜于', '闾丘', '东郭', '公冶',
  '左丘', '第五', '梁丘', '谷梁', '乐正', '漆雕', '淳于', '单于', '仲孙', '太叔', '公羊', '即墨',
]);

const codePoints = (value: string): string[] => Array.from(value);
// Only a letter or a digit is ever shown of a name: a combining mark, a dot or an invisible
// character at either end becomes a star, so a masked name never shows something one cannot see.
const SHOWABLE = /^[\p{L}\p{N}]$/u;
const withoutSpaces = (value: string): string => value.replace(/\s+/g, '');

/**
 * The last line of defence: a masked value that happens to equal its input (only possible when the
 * input was itself made of stars in the hidden places, e.g. "张*") gets one more star.
 */
function neverTheInput(masked: string, input: string): string {
  return masked === input ? masked + STAR : masked;
}

/**
 * Keeps `start` leading and `end` trailing code points and puts `stars` stars in between.
 * Callers guarantee start + end < length, so at least one character is always hidden.
 */
function keepEnds(chars: readonly string[], start: number, end: number, stars: number): string {
  return chars.slice(0, start).join('') + STAR.repeat(stars) + (end > 0 ? chars.slice(chars.length - end).join('') : '');
}

/** Every shown character that is not a letter or a digit becomes a star. */
function showableOnly(masked: string): string {
  return codePoints(masked).map((c) => (c === STAR || SHOWABLE.test(c) ? c : STAR)).join('');
}

const LATIN_INITIAL = /^[A-Za-z\u00C0-\u024F]/;

/**
 * Masks a person's name.
 * - Chinese (and any non-Latin script): 张 → 张*, 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧阳**,
 *   阿依古丽 → 阿**丽 (four or more characters show two stars, whatever the length);
 * - Latin script: the first letter and three stars, John Smith → J***.
 * An empty name gives "*".
 */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (LATIN_INITIAL.test(trimmed)) return neverTheInput(codePoints(trimmed)[0] + STAR.repeat(3), name);
  const chars = codePoints(withoutSpaces(trimmed));
  let masked: string;
  if (chars.length === 0) masked = STAR;
  else if (chars.length <= 2) masked = chars[0] + STAR;
  else if (chars.length === 3) masked = keepEnds(chars, 1, 1, 1);
  else if (COMPOUND_SURNAMES.has(chars[0]! + chars[1]!)) masked = keepEnds(chars, 2, 0, 2);
  else masked = keepEnds(chars, 1, 1, 2);
  return neverTheInput(showableOnly(masked), name);
}

/**
 * Generic middle masking for identifiers: keep up to `keep` characters at each end, never more
 * than a quarter of the value at each end, and at most `maxStars` stars so a long value does not
 * become a long row of stars.
 */
function maskIdentifier(value: string, keepStart: number, keepEnd: number, maxStars: number): string {
  const chars = codePoints(withoutSpaces(value));
  if (chars.length === 0) return neverTheInput(STAR, value);
  const quarter = Math.floor(chars.length / 4);
  const start = Math.min(keepStart, quarter);
  const end = Math.min(keepEnd, quarter);
  const stars = Math.max(1, Math.min(chars.length - start - end, maxStars));
  return neverTheInput(keepEnds(chars, start, end, stars), value);
}

/**
 * Masks a document number.
 * - resident-id (18 characters): the first 4 and the last 4, 3301**********123X;
 * - permits and passports: the first 2 and the last 2, H1*****78, E1*****78.
 * Values of an unexpected shape still come out masked: never more than a quarter of the characters
 * is kept at either end.
 */
export function maskDocument(documentType: DocumentType | string, number: string): string {
  const compact = withoutSpaces(number);
  if (documentType === 'resident-id' && codePoints(compact).length === 18) {
    return neverTheInput(keepEnds(codePoints(compact), 4, 4, 10), number);
  }
  return maskIdentifier(number, 2, 2, 10);
}

/**
 * Masks a phone number. A mainland mobile number (with or without +86) becomes 138****5678; any
 * other number keeps at most 3 leading and 4 trailing digits, never more than a quarter at each end.
 */
export function maskPhone(phone: string): string {
  const compact = phone.replace(/[\s-]+/g, '');
  const mobile = /^(?:\+?86)?(1\d{10})$/.exec(compact);
  if (mobile) return neverTheInput(keepEnds(codePoints(mobile[1]!), 3, 4, 4), phone);
  return neverTheInput(maskIdentifier(compact, 3, 4, 4), phone);
}
