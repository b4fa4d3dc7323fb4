// Labels of the codes the takedown pages show, in both languages: statuses, actions and kinds as
// the module names them everywhere (../messages.ts), and what only the pages show: history lines,
// organisation kinds, and the DSA values of published statements. An unknown code shows as itself.
import type { Locale } from '../../../core/i18n.ts';
import { ACTION_LABELS, KIND_LABELS, STATUS_LABELS } from '../messages.ts';
import { DSA_CATEGORY } from '../statements.ts';

type Labels = Readonly<Record<string, { vi: string; en: string }>>;

const EVENT: Labels = {
  issued: { vi: 'Đã gửi yêu cầu', en: 'Request issued' },
  delivered: { vi: 'Đã chuyển đến hộp thư bên nhận', en: 'Delivered to the recipient’s inbox' },
  acknowledged: { vi: 'Bên nhận xác nhận đã nhận', en: 'Recipient acknowledged' },
  actioned: { vi: 'Bên nhận đã xử lý', en: 'Recipient actioned it' },
  partially_actioned: { vi: 'Bên nhận đã xử lý một phần', en: 'Recipient partially actioned it' },
  declined: { vi: 'Bên nhận từ chối', en: 'Recipient declined' },
  withdrawn: { vi: 'Cơ quan đã rút lại yêu cầu', en: 'Withdrawn by the authority' },
  overdue: { vi: 'Quá hạn xử lý', en: 'Deadline passed' },
  reminded: { vi: 'Đã nhắc hạn bên nhận', en: 'Recipient reminded of the deadline' },
  notice_failed: { vi: 'Không gửi được thông báo đến bên nhận', en: 'A notice to the recipient could not be delivered' },
  appeal_filed: { vi: 'Chủ nội dung khiếu nại biện pháp đã áp dụng', en: 'The owner appealed against the action' },
  appeal_restored: { vi: 'Khiếu nại được chấp nhận: đề nghị khôi phục', en: 'Appeal upheld: restoration asked' },
  appeal_confirmed: { vi: 'Khiếu nại không được chấp nhận: giữ nguyên biện pháp', en: 'Appeal refused: action confirmed' },
};

const ORG_KIND: Labels = {
  authority: { vi: 'Cơ quan chức năng', en: 'Authority' },
  platform: { vi: 'Nền tảng số', en: 'Digital platform' },
  telecom: { vi: 'Nhà mạng', en: 'Telecom' },
  agency: { vi: 'Cơ quan nhà nước', en: 'State agency' },
  assessor: { vi: 'Tổ chức đánh giá', en: 'Assessor' },
  bank: { vi: 'Ngân hàng', en: 'Bank' },
};

/** The DSA statement categories our categories map to (statements.ts), with their words. */
const DSA_CATEGORY_LABEL: Labels = {
  STATEMENT_CATEGORY_SCAMS_AND_FRAUD: { vi: 'Lừa đảo, gian lận', en: 'Scams and fraud' },
  STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS: { vi: 'Tác động xấu đến thảo luận công cộng hoặc bầu cử', en: 'Negative effects on civic discourse or elections' },
  STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH: { vi: 'Phát ngôn vi phạm pháp luật hoặc gây hại', en: 'Illegal or harmful speech' },
  STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS: { vi: 'Vi phạm bảo vệ dữ liệu và quyền riêng tư', en: 'Data protection and privacy violations' },
  STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY: { vi: 'Nguy cơ đối với an ninh, an toàn công cộng', en: 'Risk for public security' },
  STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS: { vi: 'Sản phẩm không an toàn hoặc bị cấm', en: 'Unsafe and prohibited products' },
  STATEMENT_CATEGORY_PROTECTION_OF_MINORS: { vi: 'Bảo vệ trẻ em', en: 'Protection of minors' },
  STATEMENT_CATEGORY_OTHER_VIOLATION_TC: { vi: 'Vi phạm khác điều khoản dịch vụ', en: 'Other violation of the terms and conditions' },
};

/** The DSA decision values a statement carries (statements.ts). */
const DSA_DECISION: Labels = {
  DECISION_VISIBILITY_CONTENT_REMOVED: { vi: 'Gỡ bỏ nội dung', en: 'Content removed' },
  DECISION_VISIBILITY_CONTENT_DISABLED: { vi: 'Chặn truy cập nội dung', en: 'Access to the content disabled' },
  DECISION_ACCOUNT_SUSPENDED: { vi: 'Tạm khoá tài khoản', en: 'Account suspended' },
  DECISION_PROVISION_TOTAL_SUSPENSION: { vi: 'Ngừng cung cấp toàn bộ dịch vụ', en: 'Total suspension of the service' },
  DECISION_GROUND_ILLEGAL_CONTENT: { vi: 'Nội dung vi phạm pháp luật', en: 'Illegal content' },
};

const label = (table: Labels) => (code: string, locale: Locale): string => table[code]?.[locale] ?? code;

/** A request's status. */
export const statusLabel = label(STATUS_LABELS);
/** What the recipient is asked to do. */
export const actionLabel = label(ACTION_LABELS);
/** Where a request comes from. */
export const kindLabel = label(KIND_LABELS);
/** A line of a request's history. */
export const eventLabel = label(EVENT);
/** A kind of organisation. */
export const orgKindLabel = label(ORG_KIND);
/** A DSA statement category. */
export const dsaCategoryLabel = label(DSA_CATEGORY_LABEL);
/** A DSA decision value (visibility, account, provision, ground). */
export const dsaDecisionLabel = label(DSA_DECISION);

/** The DSA categories published statements can have, in a stable order (the transparency filter). */
export const DSA_CATEGORIES: readonly string[] = [...new Set(Object.values(DSA_CATEGORY))];
