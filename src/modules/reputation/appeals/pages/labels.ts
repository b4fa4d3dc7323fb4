// Labels of listings as staff read them on the appeal page: verdicts, statuses, sources, history actions.
import type { Locale } from '../../../../core/i18n.ts';

const LABELS = {
  vi: {
    dangerous: 'Nguy hiểm',
    suspicious: 'Đáng ngờ',
    trusted: 'Tín nhiệm',
    active: 'Đang hiệu lực',
    expired: 'Hết hạn',
    revoked: 'Đã thu hồi',
    case: 'Vụ việc đã xác minh',
    import: 'Danh sách nhập',
    partner: 'Đối tác',
    registry: 'Đăng ký tín nhiệm',
    staff: 'Cán bộ',
    listed: 'Đưa vào danh sách',
    updated: 'Cập nhật',
    reverified: 'Xác minh lại',
    relisted: 'Đưa lại vào danh sách',
    reinstated: 'Khôi phục',
    received: 'Đang chờ',
    granted: 'Đã chấp nhận',
    refused: 'Không chấp nhận',
  },
  en: {
    dangerous: 'Dangerous',
    suspicious: 'Suspicious',
    trusted: 'Trusted',
    active: 'In force',
    expired: 'Expired',
    revoked: 'Revoked',
    case: 'Verified case',
    import: 'Imported list',
    partner: 'Partner',
    registry: 'Trust registry',
    staff: 'Staff',
    listed: 'Listed',
    updated: 'Updated',
    reverified: 'Re-verified',
    relisted: 'Listed again',
    reinstated: 'Reinstated',
    received: 'Open',
    granted: 'Granted',
    refused: 'Refused',
  },
} as const satisfies Record<Locale, Record<string, string>>;

/** The words for a verdict, status, source or history action (the code itself when unknown). */
export function listingLabel(code: string, locale: Locale): string {
  return (LABELS[locale] as Record<string, string>)[code] ?? code;
}
