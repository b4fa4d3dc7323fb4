import { describe, expect, it } from 'vitest';
import { MINHASH, estimateSimilarity, foldForShingles, lshBandKeys, minhashSignature } from './minhash.ts';

const SCAM =
  'Chúc mừng quý khách đã trúng thưởng 50 triệu đồng từ chương trình tri ân khách hàng của Ngân hàng Vietcombank. ' +
  'Vui lòng truy cập đường link vcb-tritan.com và nhập mã OTP để nhận thưởng trước 24h hôm nay.';
const SCAM_FOLDED_BY_HAND =
  'CHUC MUNG quy khach da trung thuong 50 trieu dong tu chuong trinh tri an khach hang cua ngan hang VIETCOMBANK!!! ' +
  'Vui long truy cap duong link: vcb - tritan . com , va nhap ma OTP de nhan thuong truoc 24h hom nay...';
// Another amount and another link: the usual edit between waves of one campaign.
const SCAM_EDITED =
  'Chúc mừng quý khách đã trúng thưởng 100 triệu đồng từ chương trình tri ân khách hàng của Ngân hàng Vietcombank. ' +
  'Vui lòng truy cập đường link vcb-quatang.com và nhập mã OTP để nhận thưởng trước 24h hôm nay.';
const UNRELATED =
  'Con đang bị tai nạn ở bệnh viện, mẹ chuyển gấp 20 triệu vào tài khoản này để đóng viện phí nhé, ' +
  'đừng gọi điện vì con không nghe được, con nhờ bạn nhắn hộ.';
const OTHER_UNRELATED =
  'Tuyển cộng tác viên làm việc online tại nhà, mỗi ngày chỉ cần 2 giờ, thu nhập 500k đến 1 triệu, ' +
  'liên hệ Zalo 0912 345 678 để được hướng dẫn.';

const similarity = (a: string, b: string): number => estimateSimilarity(minhashSignature(a), minhashSignature(b));
const sharedBandKeys = (a: string, b: string): string[] => {
  const right = new Set(lshBandKeys(minhashSignature(b)));
  return lshBandKeys(minhashSignature(a)).filter((key) => right.has(key));
};

describe('foldForShingles', () => {
  it.each([
    ['Chúc mừng quý khách', 'chuc mung quy khach'],
    ['ĐƯỜNG DẪN: https://VCB.vn!!', 'duong dan https vcb vn'],
    ['  Đắk Lắk — Đà Nẵng\n\t', 'dak lak da nang'],
    ['!!!', ''],
    ['', ''],
  ])('%j → %j', (input, folded) => {
    expect(foldForShingles(input)).toBe(folded);
  });

  it('folds the accented and the hand-folded scam to the same text', () => {
    expect(foldForShingles(SCAM)).toBe(foldForShingles(SCAM_FOLDED_BY_HAND));
  });
});

describe('minhashSignature', () => {
  it('has 64 uint32 values', () => {
    const signature = minhashSignature(SCAM);
    expect(signature).toHaveLength(MINHASH.hashes);
    expect(signature.every((value) => Number.isInteger(value) && value >= 0 && value <= 0xffffffff)).toBe(true);
  });

  it('is all 0xFFFFFFFF for text without letters or digits', () => {
    expect(minhashSignature('')).toEqual(new Array<number>(MINHASH.hashes).fill(0xffffffff));
    expect(minhashSignature(' ?! … ')).toEqual(minhashSignature(''));
  });

  it('signs text shorter than one shingle as a single shingle', () => {
    expect(minhashSignature('Xin')).not.toEqual(minhashSignature(''));
    expect(similarity('Xin', 'xìn!')).toBe(1);
    expect(similarity('Xin', 'Xim')).toBeLessThan(0.2);
  });

  it('is deterministic, also across processes (pinned values)', () => {
    expect(minhashSignature(SCAM)).toEqual(minhashSignature(SCAM));
    const signature = minhashSignature('Chúc mừng quý khách đã trúng thưởng');
    expect(signature.slice(0, 4)).toEqual([67256381, 28500077, 179868803, 153388562]);
    expect(lshBandKeys(signature)[0]).toBe('b0:14a08d40');
  });
});

describe('estimateSimilarity', () => {
  it('is 1 for identical texts', () => {
    expect(similarity(SCAM, SCAM)).toBe(1);
  });

  it('is at least 0.9 for the same message without accents and with other case and punctuation', () => {
    expect(similarity(SCAM, SCAM_FOLDED_BY_HAND)).toBeGreaterThanOrEqual(0.9);
  });

  it('is at least 0.6 when a few words change', () => {
    expect(similarity(SCAM, SCAM_EDITED)).toBeGreaterThanOrEqual(0.6);
  });

  it('is at most 0.2 for unrelated messages', () => {
    expect(similarity(SCAM, UNRELATED)).toBeLessThanOrEqual(0.2);
    expect(similarity(SCAM, OTHER_UNRELATED)).toBeLessThanOrEqual(0.2);
    expect(similarity(UNRELATED, OTHER_UNRELATED)).toBeLessThanOrEqual(0.2);
  });

  it('is symmetric', () => {
    expect(similarity(SCAM, SCAM_EDITED)).toBe(similarity(SCAM_EDITED, SCAM));
  });

  it('refuses signatures of different lengths', () => {
    expect(() => estimateSimilarity([1, 2], [1])).toThrow(RangeError);
    expect(estimateSimilarity([], [])).toBe(0);
  });
});

describe('lshBandKeys', () => {
  it('gives one key per band, named by band index', () => {
    const keys = lshBandKeys(minhashSignature(SCAM));
    expect(keys).toHaveLength(MINHASH.bands);
    keys.forEach((key, band) => expect(key).toMatch(new RegExp(`^b${band}:[0-9a-f]{8}$`)));
  });

  it('makes near-duplicates share keys', () => {
    expect(sharedBandKeys(SCAM, SCAM_FOLDED_BY_HAND).length).toBeGreaterThanOrEqual(MINHASH.bands - 1);
    expect(sharedBandKeys(SCAM, SCAM_EDITED).length).toBeGreaterThan(0);
  });

  it('gives unrelated messages no shared key', () => {
    expect(sharedBandKeys(SCAM, UNRELATED)).toEqual([]);
    expect(sharedBandKeys(SCAM, OTHER_UNRELATED)).toEqual([]);
  });

  it('refuses a signature of the wrong length', () => {
    expect(() => lshBandKeys([1, 2, 3])).toThrow(RangeError);
  });
});
