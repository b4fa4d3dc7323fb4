import type { TargetType } from './types.ts';

/** How each kind of target is named to people, in both languages (citizens' pages and staff pages alike). */
export const TARGET_TYPE_LABELS: Readonly<Record<TargetType, { vi: string; en: string }>> = {
  url: { vi: 'Đường dẫn', en: 'Link' },
  domain: { vi: 'Tên miền', en: 'Domain' },
  phone: { vi: 'Số điện thoại', en: 'Phone number' },
  bank_account: { vi: 'Tài khoản ngân hàng', en: 'Bank account' },
  social_account: { vi: 'Tài khoản mạng xã hội', en: 'Social account' },
  email: { vi: 'Email', en: 'Email' },
  ip: { vi: 'Địa chỉ IP', en: 'IP address' },
  file_hash: { vi: 'Mã băm tệp', en: 'File hash' },
  text: { vi: 'Nội dung', en: 'Text' },
};

/** The name of a target type in a language; an unknown code shows as itself. */
export function targetTypeLabel(type: string, locale: 'vi' | 'en'): string {
  return (TARGET_TYPE_LABELS as Record<string, { vi: string; en: string } | undefined>)[type]?.[locale] ?? type;
}
