import { describe, expect, it } from 'vitest';
import { PROVINCES, provinceName, resolveProvince } from './provinces.ts';

const CITIES = ['ha-noi', 'ho-chi-minh', 'hai-phong', 'da-nang', 'can-tho', 'hue'];
const PROVINCE_CODES = [
  'tuyen-quang', 'cao-bang', 'lai-chau', 'lao-cai', 'thai-nguyen', 'dien-bien', 'lang-son', 'son-la', 'phu-tho', 'bac-ninh',
  'quang-ninh', 'hung-yen', 'ninh-binh', 'thanh-hoa', 'nghe-an', 'ha-tinh', 'quang-tri', 'quang-ngai', 'gia-lai', 'khanh-hoa',
  'lam-dong', 'dak-lak', 'dong-nai', 'tay-ninh', 'vinh-long', 'dong-thap', 'ca-mau', 'an-giang',
];

// Resolution 202/2025/QH15: former unit → the unit it belongs to now.
const MERGED: [string, string][] = [
  ['Hà Giang', 'tuyen-quang'], ['Yên Bái', 'lao-cai'], ['Bắc Kạn', 'thai-nguyen'], ['Vĩnh Phúc', 'phu-tho'], ['Hòa Bình', 'phu-tho'],
  ['Bắc Giang', 'bac-ninh'], ['Thái Bình', 'hung-yen'], ['Hải Dương', 'hai-phong'], ['Hà Nam', 'ninh-binh'], ['Nam Định', 'ninh-binh'],
  ['Quảng Bình', 'quang-tri'], ['Quảng Nam', 'da-nang'], ['Kon Tum', 'quang-ngai'], ['Bình Định', 'gia-lai'], ['Ninh Thuận', 'khanh-hoa'],
  ['Đắk Nông', 'lam-dong'], ['Bình Thuận', 'lam-dong'], ['Phú Yên', 'dak-lak'], ['Bình Dương', 'ho-chi-minh'],
  ['Bà Rịa – Vũng Tàu', 'ho-chi-minh'], ['Bình Phước', 'dong-nai'], ['Long An', 'tay-ninh'], ['Sóc Trăng', 'can-tho'],
  ['Hậu Giang', 'can-tho'], ['Bến Tre', 'vinh-long'], ['Trà Vinh', 'vinh-long'], ['Tiền Giang', 'dong-thap'], ['Bạc Liêu', 'ca-mau'],
  ['Kiên Giang', 'an-giang'], ['Thừa Thiên Huế', 'hue'],
];

describe('PROVINCES', () => {
  it('holds the 34 units of Resolution 202/2025/QH15 with unique, well-formed codes', () => {
    const codes = PROVINCES.map((p) => p.code);
    expect(codes).toHaveLength(34);
    expect(new Set(codes).size).toBe(34);
    expect([...codes].sort()).toEqual([...CITIES, ...PROVINCE_CODES].sort());
    for (const code of codes) expect(code).toMatch(/^[a-z0-9-]{2,40}$/);
  });

  it('accounts for all 63 former units: 34 current names plus the 29 merged ones', () => {
    const formerUnits = PROVINCES.flatMap((p) => p.formerNames).filter((name) => name !== 'Thừa Thiên Huế');
    expect(formerUnits).toHaveLength(29);
    expect(new Set([...PROVINCES.map((p) => p.nameVi), ...formerUnits]).size).toBe(63);
    expect(PROVINCES.filter((p) => p.formerNames.length === 0)).toHaveLength(10); // + Huế, renamed only
  });

  it('lists exactly the expected former names', () => {
    const listed = PROVINCES.flatMap((p) => p.formerNames.map((name): [string, string] => [name, p.code]));
    expect(listed.sort()).toEqual([...MERGED].sort());
  });

  it('has names in both languages, the English one in ASCII', () => {
    for (const p of PROVINCES) {
      expect(p.nameVi.normalize('NFC')).toBe(p.nameVi);
      expect(p.nameEn).toMatch(/^[A-Za-z ]+$/);
    }
  });
});

describe('resolveProvince', () => {
  it.each(MERGED)('resolves the former %s to %s', (formerName, code) => {
    expect(resolveProvince(formerName)?.code).toBe(code);
  });

  it('resolves every code, Vietnamese name and English name to itself', () => {
    for (const p of PROVINCES) {
      expect(resolveProvince(p.code)).toBe(p);
      expect(resolveProvince(p.nameVi)).toBe(p);
      expect(resolveProvince(p.nameEn)).toBe(p);
    }
  });

  it.each([
    ['Bình Dương', 'ho-chi-minh'],
    ['binh-duong', 'ho-chi-minh'],
    ['quang-nam', 'da-nang'],
    ['thua-thien-hue', 'hue'],
    ['ba-ria-vung-tau', 'ho-chi-minh'],
    ['Bà Rịa - Vũng Tàu', 'ho-chi-minh'],
    ['tp hcm', 'ho-chi-minh'],
    ['TP.HCM', 'ho-chi-minh'],
    ['TPHCM', 'ho-chi-minh'],
    ['Sài Gòn', 'ho-chi-minh'],
    ['saigon', 'ho-chi-minh'],
    ['Thành phố Hồ Chí Minh', 'ho-chi-minh'],
    ['T.P. Hồ Chí Minh', 'ho-chi-minh'],
    ['Thừa Thiên Huế', 'hue'],
    ['Tỉnh Thừa Thiên Huế', 'hue'],
    ['Thành phố Huế', 'hue'],
    ['HÀ NỘI', 'ha-noi'],
    ['ha noi', 'ha-noi'],
    ['TP Hà Nội', 'ha-noi'],
    ['Tỉnh Đắk Lắk', 'dak-lak'],
    ['Daklak', 'dak-lak'],
    ['dak lak province', 'dak-lak'],
    ['Thanh Hoá', 'thanh-hoa'],
    ['khanh hoa', 'khanh-hoa'],
    ['  Da Nang City ', 'da-nang'],
    ['Tỉnh Kiên Giang', 'an-giang'],
    ['Quảng Ngãi', 'quang-ngai'],
    ['Quảng Ninh', 'quang-ninh'],
  ])('%j → %s', (input, code) => {
    expect(resolveProvince(input)?.code).toBe(code);
  });

  it.each(['', 'Tỉnh', 'Thành phố', 'TP', 'Hà', 'Paris', 'Hà Tây Nam', 'ha-noi-x', 'Quảng'])('does not know %j', (input) => {
    expect(resolveProvince(input)).toBeNull();
  });
});

describe('provinceName', () => {
  it('names a unit in Vietnamese or English', () => {
    expect(provinceName('ho-chi-minh', 'vi')).toBe('Hồ Chí Minh');
    expect(provinceName('ho-chi-minh', 'en')).toBe('Ho Chi Minh City');
    expect(provinceName('dak-lak', 'vi')).toBe('Đắk Lắk');
    expect(provinceName('hue', 'en')).toBe('Hue');
  });

  it('is null for an unknown or former code', () => {
    expect(provinceName('binh-duong', 'vi')).toBeNull();
    expect(provinceName('', 'en')).toBeNull();
  });
});
