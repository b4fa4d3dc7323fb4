// Labels of the codes the case pages show (statuses, outcomes, flags…), in
// both languages. An unknown code shows as itself instead of failing.
import type { Locale } from '../../../core/i18n.ts';

type Labels = Record<string, { vi: string; en: string }>;

const STATUS: Labels = {
  new: { vi: 'Mới tiếp nhận', en: 'New' },
  in_review: { vi: 'Đang xem xét', en: 'In review' },
  more_info: { vi: 'Cần thêm thông tin', en: 'More information needed' },
  pending_approval: { vi: 'Chờ phê duyệt', en: 'Awaiting approval' },
  verified: { vi: 'Đã xác minh', en: 'Verified' },
  rejected: { vi: 'Không xử lý', en: 'Rejected' },
  duplicate: { vi: 'Đã gộp', en: 'Merged' },
};

const FLAG: Labels = {
  confusable: { vi: 'Ký tự dễ nhầm (giả mạo tên miền)', en: 'Look-alike characters (spoofed domain)' },
  mixed_script: { vi: 'Trộn nhiều bảng chữ cái', en: 'Mixed scripts' },
  idn: { vi: 'Tên miền quốc tế hoá', en: 'Internationalised domain' },
  punycode: { vi: 'Viết dạng punycode (xn--)', en: 'Written as punycode (xn--)' },
  unknown_bank: { vi: 'Không nhận ra ngân hàng', en: 'Unknown bank' },
  ip_host: { vi: 'Máy chủ là địa chỉ IP', en: 'Host is an IP address' },
  private_ip: { vi: 'Địa chỉ IP nội bộ', en: 'Private IP address' },
};

const OUTCOME: Labels = {
  verified: { vi: 'Xác minh vi phạm', en: 'Violation verified' },
  rejected: { vi: 'Không xử lý', en: 'Rejected' },
  more_info: { vi: 'Đề nghị bổ sung thông tin', en: 'More information requested' },
  duplicate: { vi: 'Gộp vào vụ việc khác', en: 'Merged into another case' },
};

const DECISION_STATE: Labels = {
  pending_approval: { vi: 'Chờ phê duyệt', en: 'Awaiting approval' },
  in_effect: { vi: 'Có hiệu lực', en: 'In effect' },
  refused: { vi: 'Bị từ chối khi phê duyệt', en: 'Refused on review' },
};

const VERDICT: Labels = {
  dangerous: { vi: 'Nguy hiểm', en: 'Dangerous' },
  suspicious: { vi: 'Đáng ngờ', en: 'Suspicious' },
};

const GROUND: Labels = {
  illegal_content: { vi: 'Nội dung vi phạm pháp luật', en: 'Illegal content' },
  terms_of_service: { vi: 'Trái điều khoản sử dụng', en: 'Incompatible with the terms of service' },
};

const EVENT: Labels = {
  opened: { vi: 'Tiếp nhận phản ánh', en: 'Report received' },
  in_review: { vi: 'Bắt đầu xem xét', en: 'Review started' },
  reopened: { vi: 'Mở lại vì có phản ánh mới', en: 'Reopened after new reports' },
  verified: { vi: 'Đã xác minh vi phạm', en: 'Violation verified' },
  rejected: { vi: 'Không xử lý', en: 'Rejected' },
  more_info: { vi: 'Đề nghị bổ sung thông tin', en: 'More information requested' },
  duplicate: { vi: 'Gộp vào vụ việc khác', en: 'Merged into another case' },
};

const SUGGESTION_REASON: Labels = {
  shared_target: { vi: 'Cùng đối tượng bị phản ánh', en: 'Same reported target' },
  similar_text: { vi: 'Nội dung mô tả gần giống', en: 'Nearly identical description' },
};

const label = (table: Labels) => (code: string, locale: Locale): string => table[code]?.[locale] ?? code;

/** Case status, as staff read it. */
export const statusLabel = label(STATUS);
/** Target flag (a warning about the target). */
export const flagLabel = label(FLAG);
/** Decision outcome. */
export const outcomeLabel = label(OUTCOME);
/** Decision state. */
export const decisionStateLabel = label(DECISION_STATE);
/** Verdict of a verification. */
export const verdictLabel = label(VERDICT);
/** Decision ground (DSA). */
export const groundLabel = label(GROUND);
/** Line of the public history. */
export const eventLabel = label(EVENT);
/** Why two cases are suggested for merging. */
export const suggestionReasonLabel = label(SUGGESTION_REASON);
