// The check (tra cứu): what the public learns about a value — its verdict, why, and what to do.
// Answered from the in-memory index; no database round trip.
import { isoTimestamp as iso } from '../../core/clock.ts';
import { defineMessages, type Locale } from '../../core/i18n.ts';
import { parseTarget, TargetError, type Target, type TargetType } from '../targets/index.ts';
import type { IndexedIndicator, LiveIndex } from './live-index.ts';
import { verdictOf, type Match } from './lookup/index.ts';
import type { CheckVerdict } from './model.ts';

/** At most this many matches are listed per answer (the most specific first). */
export const MAX_MATCHES_SHOWN = 10;
/** Items in one POST /api/v1/check. */
export const MAX_CHECK_ITEMS = 1000;

export type CheckMatch = {
  id: string;
  type: string;
  value: string;
  verdict: string;
  categories: string[];
  source: string;
  confidence: number;
  reportCount: number;
  firstSeen: string;
  lastVerified: string;
  expiresAt: string | null;
  impersonates: { slug: string; name: string } | null;
};

export type CheckResult = {
  type: TargetType;
  normalized: string;
  display: string;
  flags: string[];
  verdict: CheckVerdict;
  categories: string[];
  matches: CheckMatch[];
  firstSeen: string | null;
  lastVerified: string | null;
  reportCount: number;
  impersonates: { slug: string; name: string } | null;
  advice: string;
  /** The change serial the answer reflects. */
  serial: number;
};

export type CheckFailure = { value: string; error: { code: string; message: string } };

const advice = defineMessages({
  vi: {
    dangerous: 'Đừng truy cập, đừng chuyển tiền, đừng cung cấp mật khẩu hay mã OTP. Nếu đã lỡ giao dịch, hãy gọi ngay cho ngân hàng của bạn và báo cơ quan công an gần nhất.',
    suspicious: 'Có dấu hiệu đáng ngờ. Hãy kiểm tra lại qua kênh chính thức (số tổng đài in trên thẻ, trang web bạn tự gõ địa chỉ) trước khi làm theo bất kỳ yêu cầu nào.',
    trusted: 'Đây là địa chỉ đã được xác nhận tín nhiệm. Vẫn hãy kiểm tra kỹ địa chỉ: kẻ gian thường dùng tên miền na ná.',
    unknown: 'Chưa có trong dữ liệu của chúng tôi — điều đó không có nghĩa là an toàn. Đừng cung cấp mật khẩu, mã OTP hay chuyển tiền khi chưa chắc chắn; nếu thấy dấu hiệu lừa đảo, hãy phản ánh để chúng tôi xác minh.',
  },
  en: {
    dangerous: 'Do not visit, pay or share passwords or OTP codes. If you already paid, call your bank now and tell the nearest police station.',
    suspicious: 'There are warning signs. Check through an official channel (the hotline printed on your card, a site address you type yourself) before doing what it asks.',
    trusted: 'This is a confirmed trusted address. Still check the address carefully: fraudsters use look-alike names.',
    unknown: 'Not in our data — that does not mean it is safe. Do not share passwords or OTP codes or send money until you are sure; if it looks like a scam, report it so we can verify it.',
  },
});

/** Advice for a verdict in a language. */
export function adviceFor(verdict: CheckVerdict, locale: Locale): string {
  return advice(locale, verdict);
}

function presentMatch(match: Match<IndexedIndicator>): CheckMatch {
  const i = match.indicator;
  return {
    id: i.id,
    type: i.type,
    value: i.value,
    verdict: i.verdict,
    // Stored arrays are never mutated; the response serialiser only reads them.
    categories: i.categories as string[],
    source: i.source,
    confidence: i.confidence,
    reportCount: i.reportCount,
    firstSeen: iso(i.firstSeen),
    lastVerified: iso(i.lastVerified),
    expiresAt: i.expiresAt === null ? null : iso(i.expiresAt),
    impersonates: i.impersonated,
  };
}

/**
 * The answer for a parsed target. The verdict follows the precedence of `verdictOf`; the
 * categories, dates and report count summarise the matches that carry that verdict.
 */
export function checkTarget(live: LiveIndex, target: Target, now: number, locale: Locale): CheckResult {
  const matches = live.lookup(target, now);
  const verdict: CheckVerdict = verdictOf(matches) ?? 'unknown';
  // One pass over the matches that carry the verdict (the check path allocates as little as it can).
  const categories: string[] = [];
  let deciding = 0;
  let firstSeen = Infinity;
  let lastVerified = -Infinity;
  let reportCount = 0;
  let impersonates: CheckResult['impersonates'] = null;
  for (const { indicator } of matches) {
    if (indicator.verdict !== verdict) continue;
    deciding++;
    for (const category of indicator.categories) if (!categories.includes(category)) categories.push(category);
    firstSeen = Math.min(firstSeen, indicator.firstSeen);
    lastVerified = Math.max(lastVerified, indicator.lastVerified);
    reportCount += indicator.reportCount;
    impersonates ??= indicator.impersonated;
  }
  return {
    type: target.type,
    normalized: target.value,
    display: target.display,
    flags: target.flags,
    verdict,
    categories,
    matches: matches.slice(0, MAX_MATCHES_SHOWN).map(presentMatch),
    firstSeen: deciding > 0 ? iso(firstSeen) : null,
    lastVerified: deciding > 0 ? iso(lastVerified) : null,
    reportCount,
    impersonates,
    advice: adviceFor(verdict, locale),
    serial: live.serial,
  };
}

/** Parse and check one value; a value that cannot be parsed answers with the parser's reason. */
export function checkValue(live: LiveIndex, value: string, type: TargetType | undefined, now: number, locale: Locale): CheckResult | CheckFailure {
  try {
    return checkTarget(live, parseTarget(value, type), now, locale);
  } catch (error) {
    if (error instanceof TargetError) return { value, error: { code: error.code, message: error.reason } };
    throw error;
  }
}
