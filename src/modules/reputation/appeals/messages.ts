// Appellant-facing words, shared by the tracking page, the API and the emails: every status says
// what happens next. Vietnamese first.
import { defineMessages, type Locale } from '../../../core/i18n.ts';
import type { AppealGround, AppealStatus } from './model.ts';

export const appealStatusWords = {
  vi: {
    received: {
      label: 'Đã tiếp nhận',
      next: 'Yêu cầu của bạn đã được ghi nhận. Cán bộ sẽ xem xét lời trình bày, bằng chứng và lý do đối tượng bị đưa vào danh sách, rồi quyết định có gỡ hay không. Trong thời gian chờ, đối tượng vẫn nằm trong danh sách. Kết quả sẽ được gửi tới email của bạn và hiển thị tại đây.',
    },
    granted: {
      label: 'Đã chấp nhận — đã gỡ khỏi danh sách',
      next: 'Đối tượng đã được gỡ khỏi danh sách tra cứu và khỏi mọi danh sách chia sẻ cho nhà mạng và đối tác. Các hệ thống đã tải danh sách sẽ cập nhật ở lần đồng bộ tiếp theo (thường trong vài giờ). Nếu sau này có phản ánh mới được xác minh, đối tượng có thể bị đưa lại vào danh sách.',
    },
    refused: {
      label: 'Không chấp nhận',
      next: 'Đối tượng vẫn nằm trong danh sách vì lý do nêu bên dưới. Nếu có thêm bằng chứng mới, bạn có thể gửi một yêu cầu mới.',
    },
  },
  en: {
    received: {
      label: 'Received',
      next: 'Your appeal is recorded. Staff will weigh your statement, your evidence and why the value was listed, then decide whether to delist it. Meanwhile it stays listed. You will get the outcome by email, and it will show here.',
    },
    granted: {
      label: 'Granted — delisted',
      next: 'The value has been removed from the lookup and from every list shared with telecoms and partners. Systems that downloaded the list drop it at their next update (usually within hours). If new reports about it are verified later, it may be listed again.',
    },
    refused: {
      label: 'Refused',
      next: 'The value stays listed, for the reason below. If you have new evidence, you can send a new appeal.',
    },
  },
} as const satisfies Record<Locale, Record<AppealStatus, { label: string; next: string }>>;

/** The label and next step of a status, in a language. */
export function appealStatusText(locale: Locale, status: AppealStatus): { label: string; next: string } {
  return appealStatusWords[locale][status];
}

export const appealGroundWords = {
  vi: {
    new_owner: 'Tôi là chủ sở hữu mới của tên miền này',
    recycled_number: 'Số điện thoại này đã được nhà mạng cấp lại cho tôi',
    false_positive: 'Đối tượng này chưa bao giờ gây hại',
    other: 'Lý do khác',
  },
  en: {
    new_owner: 'I own this domain now',
    recycled_number: 'This phone number was reassigned to me',
    false_positive: 'It was never harmful',
    other: 'Another reason',
  },
} as const satisfies Record<Locale, Record<AppealGround, string>>;

/** The words of a ground in a language (the code itself when unknown). */
export function groundLabel(ground: string, locale: Locale): string {
  return (appealGroundWords[locale] as Record<string, string>)[ground] ?? ground;
}

/** Emails to appellants. */
export const appealMailWords = defineMessages({
  vi: {
    receivedSubject: 'Yêu cầu gỡ {ticket}: đã tiếp nhận',
    decidedSubject: 'Yêu cầu gỡ {ticket}: {status}',
    greeting: 'Xin chào {name},',
    receivedLine: 'Chúng tôi đã nhận yêu cầu gỡ khỏi danh sách của bạn về: {value}',
    statusLine: 'Trạng thái: {status}.',
    reasonLine: 'Lý do: {reason}',
    ticketLine: 'Mã theo dõi: {ticket}',
    track: 'Theo dõi yêu cầu tại: {url}',
    footer: 'Thư này được gửi vì bạn đã để lại địa chỉ email khi gửi yêu cầu. Đừng trả lời thư này; hãy dùng trang theo dõi.',
  },
  en: {
    receivedSubject: 'Appeal {ticket}: received',
    decidedSubject: 'Appeal {ticket}: {status}',
    greeting: 'Hello {name},',
    receivedLine: 'We received your request to delist: {value}',
    statusLine: 'Status: {status}.',
    reasonLine: 'Reason: {reason}',
    ticketLine: 'Tracking code: {ticket}',
    track: 'Follow your appeal at: {url}',
    footer: 'You receive this because you left your email address with your appeal. Do not reply to this email; use the tracking page.',
  },
});
