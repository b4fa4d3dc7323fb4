// Appellant-facing words, shared by the tracking page, the API and the emails: every status says
// what happens next. Vietnamese first.
import { defineMessages, type Locale } from '../../../core/i18n.ts';
import type { AppealStatus } from './model.ts';

export const appealStatusWords = {
  vi: {
    received: {
      label: 'Đã tiếp nhận',
      next: 'Khiếu nại của bạn đã được ghi nhận. Lãnh đạo cơ quan đã ra yêu cầu sẽ xem xét lời trình bày, bằng chứng và căn cứ của yêu cầu, rồi quyết định khôi phục hay giữ nguyên biện pháp. Trong thời gian chờ, biện pháp vẫn được giữ nguyên. Kết quả sẽ hiển thị tại đây và được gửi tới email của bạn nếu bạn đã để lại địa chỉ.',
    },
    restored: {
      label: 'Chấp nhận — yêu cầu khôi phục',
      next: 'Cơ quan chức năng đã rút lại căn cứ của biện pháp và đã yêu cầu tổ chức thực hiện (nền tảng hoặc nhà mạng) khôi phục nội dung, tài khoản hoặc truy cập. Việc khôi phục do tổ chức đó thực hiện; nếu sau vài ngày vẫn chưa được khôi phục, hãy liên hệ tổ chức đó và nêu mã theo dõi này. Kết quả cũng được ghi vào cơ sở dữ liệu minh bạch.',
    },
    confirmed: {
      label: 'Giữ nguyên biện pháp',
      next: 'Biện pháp được giữ nguyên vì lý do nêu bên dưới. Việc xem xét trên hệ thống này đã kết thúc; bạn vẫn có thể khiếu nại hoặc khởi kiện theo quy định của pháp luật. Kết quả cũng được ghi vào cơ sở dữ liệu minh bạch.',
    },
  },
  en: {
    received: {
      label: 'Received',
      next: 'Your appeal is recorded. A supervisor of the authority that made the request will weigh your statement, your evidence and the grounds of the request, then decide whether the action is reversed or stands. Meanwhile the action stays in place. The outcome will show here, and will be emailed to you if you left an address.',
    },
    restored: {
      label: 'Upheld — restoration requested',
      next: 'The authority has withdrawn the grounds for the action and has asked the organisation that took it (the platform or telecom) to restore the content, account or access. That organisation does the restoring; if nothing is restored within a few days, contact it and quote this tracking code. The outcome is also recorded in the transparency database.',
    },
    confirmed: {
      label: 'Action confirmed',
      next: 'The action stands, for the reason below. The review on this system is over; you may still complain or go to court as the law provides. The outcome is also recorded in the transparency database.',
    },
  },
} as const satisfies Record<Locale, Record<AppealStatus, { label: string; next: string }>>;

/** The label and next step of a status, in a language. */
export function appealStatusText(locale: Locale, status: AppealStatus): { label: string; next: string } {
  return appealStatusWords[locale][status];
}

/** Emails to appellants. */
export const appealMailWords = defineMessages({
  vi: {
    receivedSubject: 'Khiếu nại {ticket}: đã tiếp nhận',
    decidedSubject: 'Khiếu nại {ticket}: {status}',
    greeting: 'Xin chào {name},',
    receivedLine: 'Chúng tôi đã nhận khiếu nại của bạn về biện pháp: {about}',
    statusLine: 'Trạng thái: {status}.',
    reasonLine: 'Lý do: {reason}',
    ticketLine: 'Mã theo dõi: {ticket}',
    track: 'Theo dõi khiếu nại tại: {url}',
    footer: 'Thư này được gửi vì bạn đã để lại địa chỉ email khi gửi khiếu nại. Đừng trả lời thư này; hãy dùng trang theo dõi.',
  },
  en: {
    receivedSubject: 'Appeal {ticket}: received',
    decidedSubject: 'Appeal {ticket}: {status}',
    greeting: 'Hello {name},',
    receivedLine: 'We received your appeal against the action: {about}',
    statusLine: 'Status: {status}.',
    reasonLine: 'Reason: {reason}',
    ticketLine: 'Tracking code: {ticket}',
    track: 'Follow your appeal at: {url}',
    footer: 'You receive this because you left your email address with your appeal. Do not reply to this email; use the tracking page.',
  },
});
