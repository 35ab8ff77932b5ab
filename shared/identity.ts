/**
 * Identity documents: normalisation and validation.
 *
 * Pure and runtime-neutral (Node, Lambda, Alipay and DingTalk mini-programs): no Node APIs, no `Intl`.
 * Every rejection carries a Chinese message for the person typing the number.
 */
import { isProvincePrefix } from './regions';
import { daysInMonth, shanghaiDay } from './time';

export const DOCUMENT_TYPES = ['resident-id', 'hk-macau-permit', 'taiwan-permit', 'passport'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Chinese names of the document types, for pickers and messages. */
export const DOCUMENT_TYPE_LABELS: Readonly<Record<DocumentType, string>> = {
  'resident-id': '居民身份证',
  'hk-macau-permit': '港澳居民来往内地通行证',
  'taiwan-permit': '台湾居民来往大陆通行证',
  passport: '护照',
};

export type IdentityResult =
  | { ok: true; documentType: DocumentType; number: string }
  | { ok: false; message: string };

/** Longest raw input we look at; anything longer is refused before any work is done. */
export const MAX_DOCUMENT_INPUT_LENGTH = 64;

/** Region prefixes of 港澳台居民居住证 numbers, which are validated as resident IDs. */
const RESIDENCE_PERMIT_REGIONS: Readonly<Record<string, string>> = {
  '81': '810000', // Hong Kong residents
  '82': '820000', // Macau residents
  '83': '830000', // Taiwan residents
};

/** People born before this year are not plausibly alive and registered. */
const EARLIEST_BIRTH_YEAR = 1890;

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Normalises a typed or pasted document number: full-width to half-width, removes every kind of
 * space (and zero-width characters that come with copy and paste), uppercases letters (so a
 * lowercase `x` becomes `X`).
 * @example normaliseDocumentNumber(' １１０１０５ 1949 1231 002x ') === '11010519491231002X'
 */
export function normaliseDocumentNumber(input: string): string {
  let out = '';
  for (const ch of input) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCharCode(cp - 0xfee0);
    else if (!/\s/.test(ch) && cp !== 0x200b && cp !== 0x200c && cp !== 0x200d && cp !== 0xfeff) out += ch;
  }
  return out.toUpperCase();
}

/**
 * The GB 11643-1999 (ISO 7064 MOD 11-2) check character for the first 17 digits of a resident ID.
 * @example generateResidentIdCheckDigit('11010519491231002') === 'X'
 */
export function generateResidentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('A resident ID check digit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * CHECK_WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function fail(message: string): IdentityResult {
  return { ok: false, message };
}

function validateResidentId(number: string, now: Date): IdentityResult {
  if (/^\d{15}$/.test(number)) return fail('15位旧身份证号已停用，请输入18位身份证号');
  if (number.length !== 18) return fail('身份证号应为18位');
  if (!/^\d{17}[\dX]$/.test(number)) return fail('身份证号只能包含数字，最后一位可以是X');

  const province = number.slice(0, 2);
  const residencePermitRegion = RESIDENCE_PERMIT_REGIONS[province];
  if (residencePermitRegion !== undefined) {
    if (number.slice(0, 6) !== residencePermitRegion) return fail('地区码不正确');
  } else {
    // The city part of an address code is 01–70 or 90 (GB/T 2260). We do not require a current
    // code: an ID keeps the code of where it was first issued, e.g. 3325xx for Lishui before 2000.
    const city = Number(number.slice(2, 4));
    if (!isProvincePrefix(province) || province === '71' || !((city >= 1 && city <= 70) || city === 90)) {
      return fail('地区码不正确');
    }
  }

  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return fail('出生日期不存在');
  if (year < EARLIEST_BIRTH_YEAR) return fail('出生日期不正确，请核对身份证号');
  const birthDay = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (birthDay > shanghaiDay(now)) return fail('出生日期不能晚于今天');

  if (generateResidentIdCheckDigit(number.slice(0, 17)) !== number[17]) return fail('身份证号校验位不正确');
  return { ok: true, documentType: 'resident-id', number };
}

function validateHkMacauPermit(number: string): IdentityResult {
  if (!/^[HM]/.test(number)) return fail('港澳居民来往内地通行证号码应以H或M开头');
  if (!/^[HM](\d{8}|\d{10})$/.test(number)) return fail('港澳居民来往内地通行证号码应为H或M加8位或10位数字');
  return { ok: true, documentType: 'hk-macau-permit', number };
}

function validateTaiwanPermit(number: string): IdentityResult {
  if (!/^(\d{8}|[0-9A-Z]{10})$/.test(number)) return fail('台湾居民来往大陆通行证号码应为8位数字或10位字母数字');
  return { ok: true, documentType: 'taiwan-permit', number };
}

function validatePassport(number: string): IdentityResult {
  if (!/^[0-9A-Z]{5,17}$/.test(number)) return fail('护照号码应为5至17位字母或数字');
  return { ok: true, documentType: 'passport', number };
}

/** Whether a value is one of the four document types. */
export function isDocumentType(value: unknown): value is DocumentType {
  return typeof value === 'string' && (DOCUMENT_TYPES as readonly string[]).includes(value);
}

/**
 * Validates and normalises a document number of the given type.
 *
 * `now` decides whether a birth date lies in the future (compared as Asia/Shanghai days). It is
 * required on purpose: pass the Clock's time, so tests and the dev clock control it.
 *
 * @example validateDocument('resident-id', '11010519491231002x', now)
 *   // → { ok: true, documentType: 'resident-id', number: '11010519491231002X' }
 */
export function validateDocument(documentType: unknown, input: unknown, now: Date): IdentityResult {
  if (!isDocumentType(documentType)) return fail('证件类型不正确');
  if (typeof input !== 'string' || input.trim() === '') return fail('请输入证件号码');
  if (input.length > MAX_DOCUMENT_INPUT_LENGTH) return fail('证件号码过长，请核对');
  const number = normaliseDocumentNumber(input);
  if (number === '') return fail('请输入证件号码');
  switch (documentType) {
    case 'resident-id':
      return validateResidentId(number, now);
    case 'hk-macau-permit':
      return validateHkMacauPermit(number);
    case 'taiwan-permit':
      return validateTaiwanPermit(number);
    case 'passport':
      return validatePassport(number);
  }
}
