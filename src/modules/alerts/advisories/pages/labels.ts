// Words for the codes advisories carry, Vietnamese first: severities, statuses, audiences,
// organisation kinds and history lines, with the badge tone of each severity and status (the words
// carry the meaning; the colour only repeats it).
import type { Locale } from '../../../../core/i18n.ts';
import type { AdvisoryStatus, Audience, OrgKind, Severity } from '../model.ts';

type Words = { vi: string; en: string };
type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const SEVERITY: Record<Severity, Words & { tone: Tone }> = {
  info: { vi: 'Thông tin', en: 'Information', tone: 'info' },
  low: { vi: 'Thấp', en: 'Low', tone: 'neutral' },
  medium: { vi: 'Trung bình', en: 'Medium', tone: 'warning' },
  high: { vi: 'Cao', en: 'High', tone: 'danger' },
  critical: { vi: 'Nghiêm trọng', en: 'Critical', tone: 'danger' },
};

const STATUS: Record<AdvisoryStatus, Words & { tone: Tone }> = {
  draft: { vi: 'Bản nháp', en: 'Draft', tone: 'neutral' },
  in_review: { vi: 'Chờ duyệt', en: 'In review', tone: 'warning' },
  published: { vi: 'Đã công bố', en: 'Published', tone: 'success' },
  archived: { vi: 'Đã lưu trữ', en: 'Archived', tone: 'neutral' },
};

const AUDIENCE: Record<Audience, Words> = {
  public: { vi: 'Công khai cho mọi người', en: 'Public, for everyone' },
  org_kind: { vi: 'Các tổ chức cùng loại', en: 'Organisations of one kind' },
  org: { vi: 'Một tổ chức', en: 'One organisation' },
};

const ORG_KIND: Record<OrgKind, Words> = {
  authority: { vi: 'Cơ quan chức năng', en: 'Authorities' },
  platform: { vi: 'Nền tảng số', en: 'Digital platforms' },
  telecom: { vi: 'Nhà mạng', en: 'Telecoms' },
  agency: { vi: 'Cơ quan nhà nước', en: 'State agencies' },
  assessor: { vi: 'Tổ chức đánh giá', en: 'Assessors' },
  bank: { vi: 'Ngân hàng', en: 'Banks' },
};

const EVENT: Record<string, Words> = {
  created: { vi: 'Tạo bản nháp', en: 'Draft created' },
  edited: { vi: 'Sửa bản nháp', en: 'Draft edited' },
  submitted: { vi: 'Gửi duyệt', en: 'Sent for review' },
  returned: { vi: 'Trả lại để sửa', en: 'Returned for changes' },
  approved: { vi: 'Phê duyệt', en: 'Approved' },
  published: { vi: 'Công bố', en: 'Published' },
  archived: { vi: 'Lưu trữ (gỡ khỏi danh sách)', en: 'Archived (taken off the lists)' },
};

const pick = (table: Readonly<Record<string, Words>>, code: string, l: Locale) => table[code]?.[l] ?? code;

/** A severity in words. */
export function severityLabel(code: string, l: Locale): string {
  return pick(SEVERITY, code, l);
}

/** A severity's badge tone. */
export function severityTone(code: string): Tone {
  return (SEVERITY as Record<string, { tone: Tone } | undefined>)[code]?.tone ?? 'neutral';
}

/** A status in words. */
export function statusLabel(code: string, l: Locale): string {
  return pick(STATUS, code, l);
}

/** A status's badge tone. */
export function statusTone(code: string): Tone {
  return (STATUS as Record<string, { tone: Tone } | undefined>)[code]?.tone ?? 'neutral';
}

/** An audience in words. */
export function audienceLabel(code: string, l: Locale): string {
  return pick(AUDIENCE, code, l);
}

/** An organisation kind in words (plural: the audience of an advisory). */
export function orgKindLabel(code: string, l: Locale): string {
  return pick(ORG_KIND, code, l);
}

/** A history line in words. */
export function eventLabel(code: string, l: Locale): string {
  return pick(EVENT, code, l);
}
