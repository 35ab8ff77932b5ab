/**
 * Synthetic people for the reliability runs: valid-looking Chinese names, resident ID numbers with a
 * correct check digit (Lishui counties, adults) and mobile numbers. Random per run, so the privacy
 * scan can search every log line and response for exactly these values.
 */
import { randomInt } from 'node:crypto';
import { generateResidentIdCheckDigit } from '../../shared/identity';

const SURNAMES = ['赵', '钱', '孙', '李', '周', '吴', '郑', '王', '冯', '陈', '褚', '卫', '蒋', '沈', '韩', '杨', '欧阳', '司马'];
const GIVEN = ['晓', '明', '丽', '华', '建', '国', '秀', '英', '志', '强', '婷', '磊', '洋', '静', '敏', '杰', '琳', '浩', '雪', '峰'];
const COUNTIES = ['331102', '331121', '331122', '331123', '331124', '331125', '331126', '331127', '331181'];

export interface Person {
  name: string;
  documentType: 'resident-id';
  documentNumber: string;
  phone: string;
}

const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)];

export function residentIdNumber(): string {
  const year = 1950 + randomInt(50);
  const month = String(1 + randomInt(12)).padStart(2, '0');
  const day = String(1 + randomInt(28)).padStart(2, '0');
  const first17 = `${pick(COUNTIES)}${year}${month}${day}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + generateResidentIdCheckDigit(first17);
}

export function syntheticPerson(): Person {
  const given = pick(GIVEN) + (randomInt(2) ? pick(GIVEN) : '') + pick(GIVEN);
  return {
    name: pick(SURNAMES) + given,
    documentType: 'resident-id',
    documentNumber: residentIdNumber(),
    phone: `1${pick(['3', '5', '7', '8', '9'])}${String(randomInt(1e9)).padStart(9, '0')}`,
  };
}
