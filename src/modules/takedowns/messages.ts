// Words of the takedown module, Vietnamese first and English second: actions, statuses, kinds.
import type { RequestKind, TakedownAction, TakedownStatus } from './model.ts';

type Words = { vi: string; en: string };

export const ACTION_LABELS: Record<TakedownAction, Words> = {
  remove_content: { vi: 'Gỡ bỏ nội dung', en: 'Remove content' },
  suspend_account: { vi: 'Khóa tài khoản', en: 'Suspend account' },
  block_domain: { vi: 'Chặn tên miền', en: 'Block domain' },
  block_ip: { vi: 'Chặn địa chỉ IP', en: 'Block IP address' },
};

export const STATUS_LABELS: Record<TakedownStatus, Words> = {
  issued: { vi: 'Đã gửi', en: 'Issued' },
  delivered: { vi: 'Đã chuyển đến', en: 'Delivered' },
  acknowledged: { vi: 'Đã xác nhận', en: 'Acknowledged' },
  actioned: { vi: 'Đã xử lý', en: 'Actioned' },
  partially_actioned: { vi: 'Xử lý một phần', en: 'Partially actioned' },
  declined: { vi: 'Từ chối', en: 'Declined' },
  withdrawn: { vi: 'Đã rút lại', en: 'Withdrawn' },
};

export const KIND_LABELS: Record<RequestKind, Words> = {
  authority_request: { vi: 'Yêu cầu của cơ quan chức năng', en: 'Authority request' },
  user_complaint: { vi: 'Khiếu nại của người dùng', en: 'User complaint' },
};
