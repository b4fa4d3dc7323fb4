import { defineMessages } from '../../core/i18n.ts';
import type { PublicStatus } from './model.ts';

/** Reporter-facing words, shared by the tracking page, the API and the emails: every status says what happens next. */
export const statusWords = {
  vi: {
    received: { label: 'Đã tiếp nhận', next: 'Phản ánh của bạn đã được ghi nhận và đưa vào hàng đợi xử lý. Cán bộ sẽ xem xét trong thời gian sớm nhất; bạn không cần làm gì thêm.' },
    in_review: { label: 'Đang xem xét', next: 'Cán bộ đang xác minh nội dung phản ánh. Khi có kết luận, trạng thái sẽ được cập nhật tại đây.' },
    more_info: { label: 'Cần thêm thông tin', next: 'Cán bộ cần bạn bổ sung thông tin. Hãy trả lời câu hỏi bên dưới để phản ánh tiếp tục được xử lý.' },
    verified: { label: 'Đã xác minh', next: 'Phản ánh đã được xác minh là vi phạm. Đối tượng được đưa vào danh sách cảnh báo; cơ quan chức năng có thể yêu cầu gỡ bỏ hoặc chặn. Hãy tiếp tục cảnh giác và không chuyển tiền, không cung cấp mã OTP.' },
    rejected: { label: 'Không xử lý', next: 'Phản ánh không được xử lý vì lý do nêu bên dưới. Nếu có thêm bằng chứng, bạn có thể gửi một phản ánh mới.' },
  },
  en: {
    received: { label: 'Received', next: 'Your report is recorded and queued. Staff will look at it as soon as possible; you do not need to do anything.' },
    in_review: { label: 'In review', next: 'Staff are verifying the report. When they reach a decision, the status here will change.' },
    more_info: { label: 'More information needed', next: 'Staff need more information from you. Answer the question below so that the report can go on.' },
    verified: { label: 'Verified', next: 'The report was verified as a violation. The target goes onto the warning lists, and the authority may ask for it to be removed or blocked. Stay careful: never transfer money or share one-time codes.' },
    rejected: { label: 'Rejected', next: 'The report will not be acted on, for the reason below. If you have more evidence, you can send a new report.' },
  },
} as const satisfies Record<'vi' | 'en', Record<PublicStatus, { label: string; next: string }>>;

/** One line of the history for each kind of event. */
export const historyWords = defineMessages({
  vi: {
    received: 'Đã tiếp nhận phản ánh',
    opened: 'Mở vụ việc',
    in_review: 'Cán bộ bắt đầu xem xét',
    more_info: 'Cán bộ cần thêm thông tin',
    replied: 'Bạn đã gửi thêm thông tin',
    verified: 'Đã xác minh là vi phạm',
    rejected: 'Không xử lý',
    duplicate: 'Được gộp với các phản ánh khác về cùng đối tượng',
    reopened: 'Mở lại để xem xét vì có phản ánh mới',
    action_taken: 'Đã có biện pháp xử lý',
    action_declined: 'Bên nhận yêu cầu từ chối xử lý',
  },
  en: {
    received: 'Report received',
    opened: 'Case opened',
    in_review: 'Staff started the review',
    more_info: 'Staff need more information',
    replied: 'You sent more information',
    verified: 'Verified as a violation',
    rejected: 'Not acted on',
    duplicate: 'Combined with other reports about the same target',
    reopened: 'Reopened for review after new reports',
    action_taken: 'Action was taken',
    action_declined: 'The recipient declined to act',
  },
});

/** Emails to reporters. */
export const mailWords = defineMessages({
  vi: {
    subject: 'Phản ánh {ticket}: {status}',
    greeting: 'Xin chào,',
    statusLine: 'Trạng thái phản ánh của bạn: {status}.',
    noteLine: 'Ghi chú của cán bộ: {note}',
    track: 'Theo dõi phản ánh tại: {url}',
    footer: 'Thư này được gửi vì bạn đã để lại địa chỉ liên hệ khi phản ánh. Đừng trả lời thư này; hãy dùng trang theo dõi.',
  },
  en: {
    subject: 'Report {ticket}: {status}',
    greeting: 'Hello,',
    statusLine: 'The status of your report: {status}.',
    noteLine: 'Note from staff: {note}',
    track: 'Follow your report at: {url}',
    footer: 'You receive this because you left a contact address with your report. Do not reply to this email; use the tracking page.',
  },
});
