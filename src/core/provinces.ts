// Vietnam's 34 provincial-level units, in force since 1 July 2025.
//
// Source: Resolution 202/2025/QH15 of the National Assembly (adopted 12 June 2025)
// on the arrangement of provincial-level administrative units, which merged the
// 63 former units into 34: 6 centrally-run cities and 28 provinces. Eleven units
// were left as they were (Hà Nội, Huế, Lai Châu, Điện Biên, Sơn La, Lạng Sơn,
// Quảng Ninh, Thanh Hóa, Nghệ An, Hà Tĩnh, Cao Bằng); each of the other 23 took in
// one or two neighbours and kept one of the old names. `formerNames` lists the
// pre-2025 units merged into each one (not the unit's own, unchanged name). Huế is
// the former Thừa Thiên Huế province, a centrally-run city since 1 January 2025
// (Resolution 175/2024/QH15).
//
// Reports, old addresses and people still use the former names, so every former
// name (and its slug) resolves to the unit it belongs to now.

/** A provincial-level unit: stable slug, names, and the former provinces merged into it. */
export type Province = { code: string; nameVi: string; nameEn: string; formerNames: readonly string[] };

/** The 34 provincial-level units (Resolution 202/2025/QH15): centrally-run cities first, then provinces. */
export const PROVINCES: readonly Province[] = [
  { code: 'ha-noi', nameVi: 'Hà Nội', nameEn: 'Hanoi', formerNames: [] },
  { code: 'ho-chi-minh', nameVi: 'Hồ Chí Minh', nameEn: 'Ho Chi Minh City', formerNames: ['Bình Dương', 'Bà Rịa – Vũng Tàu'] },
  { code: 'hai-phong', nameVi: 'Hải Phòng', nameEn: 'Hai Phong', formerNames: ['Hải Dương'] },
  { code: 'da-nang', nameVi: 'Đà Nẵng', nameEn: 'Da Nang', formerNames: ['Quảng Nam'] },
  { code: 'can-tho', nameVi: 'Cần Thơ', nameEn: 'Can Tho', formerNames: ['Sóc Trăng', 'Hậu Giang'] },
  { code: 'hue', nameVi: 'Huế', nameEn: 'Hue', formerNames: ['Thừa Thiên Huế'] },
  { code: 'tuyen-quang', nameVi: 'Tuyên Quang', nameEn: 'Tuyen Quang', formerNames: ['Hà Giang'] },
  { code: 'cao-bang', nameVi: 'Cao Bằng', nameEn: 'Cao Bang', formerNames: [] },
  { code: 'lai-chau', nameVi: 'Lai Châu', nameEn: 'Lai Chau', formerNames: [] },
  { code: 'lao-cai', nameVi: 'Lào Cai', nameEn: 'Lao Cai', formerNames: ['Yên Bái'] },
  { code: 'thai-nguyen', nameVi: 'Thái Nguyên', nameEn: 'Thai Nguyen', formerNames: ['Bắc Kạn'] },
  { code: 'dien-bien', nameVi: 'Điện Biên', nameEn: 'Dien Bien', formerNames: [] },
  { code: 'lang-son', nameVi: 'Lạng Sơn', nameEn: 'Lang Son', formerNames: [] },
  { code: 'son-la', nameVi: 'Sơn La', nameEn: 'Son La', formerNames: [] },
  { code: 'phu-tho', nameVi: 'Phú Thọ', nameEn: 'Phu Tho', formerNames: ['Vĩnh Phúc', 'Hòa Bình'] },
  { code: 'bac-ninh', nameVi: 'Bắc Ninh', nameEn: 'Bac Ninh', formerNames: ['Bắc Giang'] },
  { code: 'quang-ninh', nameVi: 'Quảng Ninh', nameEn: 'Quang Ninh', formerNames: [] },
  { code: 'hung-yen', nameVi: 'Hưng Yên', nameEn: 'Hung Yen', formerNames: ['Thái Bình'] },
  { code: 'ninh-binh', nameVi: 'Ninh Bình', nameEn: 'Ninh Binh', formerNames: ['Hà Nam', 'Nam Định'] },
  { code: 'thanh-hoa', nameVi: 'Thanh Hóa', nameEn: 'Thanh Hoa', formerNames: [] },
  { code: 'nghe-an', nameVi: 'Nghệ An', nameEn: 'Nghe An', formerNames: [] },
  { code: 'ha-tinh', nameVi: 'Hà Tĩnh', nameEn: 'Ha Tinh', formerNames: [] },
  { code: 'quang-tri', nameVi: 'Quảng Trị', nameEn: 'Quang Tri', formerNames: ['Quảng Bình'] },
  { code: 'quang-ngai', nameVi: 'Quảng Ngãi', nameEn: 'Quang Ngai', formerNames: ['Kon Tum'] },
  { code: 'gia-lai', nameVi: 'Gia Lai', nameEn: 'Gia Lai', formerNames: ['Bình Định'] },
  { code: 'khanh-hoa', nameVi: 'Khánh Hòa', nameEn: 'Khanh Hoa', formerNames: ['Ninh Thuận'] },
  { code: 'lam-dong', nameVi: 'Lâm Đồng', nameEn: 'Lam Dong', formerNames: ['Đắk Nông', 'Bình Thuận'] },
  { code: 'dak-lak', nameVi: 'Đắk Lắk', nameEn: 'Dak Lak', formerNames: ['Phú Yên'] },
  { code: 'dong-nai', nameVi: 'Đồng Nai', nameEn: 'Dong Nai', formerNames: ['Bình Phước'] },
  { code: 'tay-ninh', nameVi: 'Tây Ninh', nameEn: 'Tay Ninh', formerNames: ['Long An'] },
  { code: 'vinh-long', nameVi: 'Vĩnh Long', nameEn: 'Vinh Long', formerNames: ['Bến Tre', 'Trà Vinh'] },
  { code: 'dong-thap', nameVi: 'Đồng Tháp', nameEn: 'Dong Thap', formerNames: ['Tiền Giang'] },
  { code: 'ca-mau', nameVi: 'Cà Mau', nameEn: 'Ca Mau', formerNames: ['Bạc Liêu'] },
  { code: 'an-giang', nameVi: 'An Giang', nameEn: 'An Giang', formerNames: ['Kiên Giang'] },
];

// Everyday names that are neither official nor former names.
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  'ho-chi-minh': ['HCM', 'TPHCM', 'HCMC', 'Sài Gòn', 'Saigon'],
};

// Administrative prefixes people put in front of a name ("Tỉnh Bình Dương", "TP.HCM").
const PREFIXES = [['thanh', 'pho'], ['tinh'], ['tp'], ['t', 'p']];
const SUFFIXES = ['city', 'province'];

/** Lower-case ASCII words of `text`: accents dropped, đ → d, anything else a separator. */
function asciiWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** The lookup key of a name or code: its words without prefix or suffix, run together ("ha-noi", "Hà Nội", "Hanoi" → "hanoi"). */
function lookupKey(input: string): string {
  let words = asciiWords(input);
  const prefix = PREFIXES.find((p) => words.length > p.length && p.every((word, i) => words[i] === word));
  if (prefix) words = words.slice(prefix.length);
  if (words.length > 1 && SUFFIXES.includes(words.at(-1) ?? '')) words = words.slice(0, -1);
  return words.join('');
}

function buildIndex(): ReadonlyMap<string, Province> {
  const index = new Map<string, Province>();
  for (const province of PROVINCES) {
    const names = [province.code, province.nameVi, province.nameEn, ...province.formerNames, ...(ALIASES[province.code] ?? [])];
    for (const name of names) {
      const key = lookupKey(name);
      const existing = index.get(key);
      // A clash would silently send reports to the wrong province; fail at start-up instead.
      if (existing && existing !== province) throw new Error(`Province key "${key}" is ambiguous.`);
      index.set(key, province);
    }
  }
  return index;
}

const INDEX = buildIndex();

/** The current unit for a code, Vietnamese or English name, former name or its slug, or alias — accent- and case-insensitive; null if unknown. */
export function resolveProvince(input: string): Province | null {
  const key = lookupKey(input);
  return key === '' ? null : (INDEX.get(key) ?? null);
}

/** The unit's name in `locale` for an exact current code; null for an unknown code. */
export function provinceName(code: string, locale: 'vi' | 'en'): string | null {
  const province = PROVINCES.find((p) => p.code === code);
  if (!province) return null;
  return locale === 'vi' ? province.nameVi : province.nameEn;
}
