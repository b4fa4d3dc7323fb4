// Words of the subscription emails, Vietnamese first: the confirmation email and advisory emails
// (to a citizen, or to an address an organisation registered).
import { defineMessages, type Locale } from '../../../core/i18n.ts';
import { categoryLabel } from '../../cases/index.ts';
import { isSeverity, type Severity } from './model.ts';

export const SEVERITY_LABELS: Record<Severity, { vi: string; en: string }> = {
  info: { vi: 'Thông tin', en: 'Information' },
  low: { vi: 'Thấp', en: 'Low' },
  medium: { vi: 'Trung bình', en: 'Medium' },
  high: { vi: 'Cao', en: 'High' },
  critical: { vi: 'Nghiêm trọng', en: 'Critical' },
};

/** A severity's label; an unknown value as written. */
export function severityLabel(severity: string, l: Locale): string {
  return isSeverity(severity) ? SEVERITY_LABELS[severity][l] : severity;
}

/** The categories chosen, as a reader says them ("all" for none). */
export function categoriesText(categories: readonly string[], l: Locale): string {
  return categories.length === 0 ? mailWord(l, 'allCategories') : categories.map((c) => categoryLabel(c, l)).join(', ');
}

/** Translate a subscription email's words. */
export const mailWord = defineMessages({
  vi: {
    confirmSubject: '[antoan] Xác nhận đăng ký nhận cảnh báo',
    confirmChangeSubject: '[antoan] Xác nhận thay đổi đăng ký nhận cảnh báo',
    confirmIntro: 'Có người (có thể là bạn) vừa đăng ký nhận cảnh báo an toàn thông tin qua email cho địa chỉ này trên antoan.',
    confirmChangeIntro: 'Có người (có thể là bạn) vừa yêu cầu thay đổi đăng ký nhận cảnh báo của địa chỉ này trên antoan.',
    confirmChoices: 'Bạn sẽ nhận: cảnh báo thuộc các loại {categories}, từ mức độ {severity} trở lên, bằng tiếng Việt.',
    confirmAction: 'Để xác nhận, mở liên kết sau và bấm nút “Xác nhận” (liên kết có hiệu lực 7 ngày và chỉ dùng được một lần):',
    confirmIgnore: 'Nếu bạn không yêu cầu, hãy bỏ qua email này: bạn sẽ không nhận cảnh báo nào và không cần làm gì thêm.',
    confirmChangeIgnore: 'Nếu bạn không yêu cầu, hãy bỏ qua email này: đăng ký hiện tại của bạn vẫn giữ nguyên.',
    allCategories: 'tất cả các loại',
    advisorySubject: '[antoan] Cảnh báo {reference} (mức {severity}): {title}',
    advisoryHeading: 'Cảnh báo {reference} · Mức độ: {severity} · Loại: {categories}',
    readMore: 'Đọc toàn văn cảnh báo:',
    citizenFooter: 'Bạn nhận email này vì đã đăng ký nhận cảnh báo trên antoan. Hủy đăng ký (một lần bấm):',
    orgFooter: 'Địa chỉ này được tổ chức của bạn đăng ký nhận cảnh báo trên antoan; quản trị viên của tổ chức thay đổi tại:',
    digestSubject: '[antoan] {count} cảnh báo mới',
    digestIntro: '{count} cảnh báo mới được công bố:',
    missing: 'Cảnh báo này không còn được công bố.',
  },
  en: {
    confirmSubject: '[antoan] Confirm your advisory subscription',
    confirmChangeSubject: '[antoan] Confirm the change to your advisory subscription',
    confirmIntro: 'Someone (probably you) has just subscribed this address to security advisories by email on antoan.',
    confirmChangeIntro: 'Someone (probably you) has just asked to change the advisory subscription of this address on antoan.',
    confirmChoices: 'You will receive: advisories in {categories}, of severity {severity} or higher, in English.',
    confirmAction: 'To confirm, open this link and press “Confirm” (it works for 7 days, and only once):',
    confirmIgnore: 'If you did not ask for this, ignore this email: you will receive no advisories and need do nothing.',
    confirmChangeIgnore: 'If you did not ask for this, ignore this email: your current subscription stays as it is.',
    allCategories: 'every category',
    advisorySubject: '[antoan] Advisory {reference} ({severity}): {title}',
    advisoryHeading: 'Advisory {reference} · Severity: {severity} · Categories: {categories}',
    readMore: 'Read the whole advisory:',
    citizenFooter: 'You receive this email because you subscribed to advisories on antoan. Unsubscribe (one click):',
    orgFooter: 'Your organisation registered this address for advisories on antoan; its administrators change that at:',
    digestSubject: '[antoan] {count} new advisories',
    digestIntro: '{count} new advisories were published:',
    missing: 'This advisory is no longer published.',
  },
});
