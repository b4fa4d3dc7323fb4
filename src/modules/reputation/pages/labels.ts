// Words for the reputation codes (verdicts, sources, statuses, history actions, target flags)
// in both languages, shared by the public check page and the staff pages. An unknown code
// shows as itself instead of failing.
import type { Locale } from '../../../core/i18n.ts';

type Labels = Record<string, { vi: string; en: string }>;

const VERDICT: Labels = {
  dangerous: { vi: 'Nguy hiểm', en: 'Dangerous' },
  suspicious: { vi: 'Đáng ngờ', en: 'Suspicious' },
  trusted: { vi: 'Tín nhiệm', en: 'Trusted' },
  unknown: { vi: 'Chưa có thông tin', en: 'No information yet' },
};

/** A shape for each verdict, so the verdict never rests on colour alone (WCAG 1.4.1). */
const VERDICT_ICON: Record<string, string> = { dangerous: '✖', suspicious: '⚠', trusted: '✔', unknown: '?' };

// Where a listing comes from, in words a citizen understands.
const SOURCE: Labels = {
  case: { vi: 'Quyết định xử lý vụ việc của cơ quan chức năng, sau khi xác minh phản ánh của người dân', en: 'A decision of the authority after verifying citizens’ reports' },
  import: { vi: 'Danh sách cảnh báo được nhập từ nguồn dữ liệu an ninh mạng', en: 'An imported cyber-security warning list' },
  partner: { vi: 'Đối tác chia sẻ dữ liệu (ngân hàng, nhà mạng, nền tảng)', en: 'A data-sharing partner (bank, telecom, platform)' },
  registry: { vi: 'Danh bạ tín nhiệm mạng', en: 'The network trust registry' },
  staff: { vi: 'Cán bộ cơ quan chức năng ghi nhận trực tiếp', en: 'Listed directly by authority staff' },
};

// Short source names for staff tables.
const SOURCE_SHORT: Labels = {
  case: { vi: 'Vụ việc', en: 'Case' },
  import: { vi: 'Nhập danh sách', en: 'Import' },
  partner: { vi: 'Đối tác', en: 'Partner' },
  registry: { vi: 'Danh bạ tín nhiệm', en: 'Trust registry' },
  staff: { vi: 'Cán bộ', en: 'Staff' },
};

const STATUS: Labels = {
  active: { vi: 'Đang hiệu lực', en: 'Active' },
  expired: { vi: 'Hết hạn', en: 'Expired' },
  revoked: { vi: 'Đã gỡ', en: 'Revoked' },
};

const ACTION: Labels = {
  listed: { vi: 'Đưa vào danh sách', en: 'Listed' },
  updated: { vi: 'Cập nhật', en: 'Updated' },
  reverified: { vi: 'Xác minh lại', en: 'Re-verified' },
  relisted: { vi: 'Đưa lại vào danh sách', en: 'Listed again' },
  expired: { vi: 'Hết hạn', en: 'Expired' },
  revoked: { vi: 'Gỡ khỏi danh sách', en: 'Revoked' },
  reinstated: { vi: 'Khôi phục', en: 'Reinstated' },
};

// What a flag of the targets library means for the person checking.
const FLAG: Labels = {
  confusable: { vi: 'Tên miền có ký tự giống chữ Latin — có thể giả mạo.', en: 'The domain has characters that look like Latin letters — it may be an impersonation.' },
  mixed_script: { vi: 'Tên miền trộn chữ Latin với chữ của bảng chữ cái khác (Kirin, Hy Lạp) — thủ đoạn giả mạo thường gặp.', en: 'The domain mixes Latin letters with another alphabet (Cyrillic, Greek) — a common impersonation trick.' },
  idn: { vi: 'Tên miền có ký tự ngoài bảng chữ cái Latin cơ bản. Hãy so từng ký tự với địa chỉ chính thức.', en: 'The domain has characters outside the basic Latin alphabet. Compare it letter by letter with the official address.' },
  punycode: { vi: 'Địa chỉ được viết dạng mã hoá “xn--”, có thể che giấu ký tự lạ.', en: 'The address is written in its encoded “xn--” form, which can hide unusual characters.' },
  unknown_bank: { vi: 'Không nhận ra ngân hàng. Hãy ghi mã ngân hàng trước số tài khoản, ví dụ VCB:0123456789.', en: 'The bank was not recognised. Put the bank’s code before the account number, for example VCB:0123456789.' },
  ip_host: { vi: 'Đường dẫn trỏ thẳng tới một địa chỉ IP thay vì tên miền — trang chính thức hiếm khi làm vậy.', en: 'The link points straight at an IP address instead of a domain name — official sites rarely do that.' },
  private_ip: { vi: 'Địa chỉ IP nội bộ, không dùng trên Internet công cộng.', en: 'A private IP address, not used on the public Internet.' },
};

const label = (table: Labels) => (code: string, locale: Locale): string => table[code]?.[locale] ?? code;

/** A verdict in words. */
export const verdictLabel = label(VERDICT);
/** Where a listing comes from, in a sentence. */
export const sourceLabel = label(SOURCE);
/** Where a listing comes from, in a word or two (staff tables). */
export const sourceShortLabel = label(SOURCE_SHORT);
/** A listing's status. */
export const statusLabel = label(STATUS);
/** A line of a listing's history. */
export const actionLabel = label(ACTION);
/** What a target flag means. */
export const flagLabel = label(FLAG);

/** The shape shown beside a verdict's words. */
export function verdictIcon(verdict: string): string {
  return VERDICT_ICON[verdict] ?? '?';
}

/** A day for people, in Vietnam time. */
export function formatDay(date: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'long', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(date));
}
