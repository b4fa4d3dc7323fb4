// The criteria of a trust badge (tín nhiệm mạng), as data: what each means, what the applicant
// states about it, and whether staff get an automatic hint for it. Staff record a finding on
// every criterion; a badge needs all of them met. Nothing here fetches the applicant's site:
// TLS validity and the site's links are findings staff record after checking them themselves.

/** Which automatic hint staff see for a criterion, computed from our own live index (hints.ts). */
export type AutomaticHint = 'blocklist' | 'phishing';

type Text = { vi: string; en: string };

export type Criterion = {
  code: string;
  label: Text;
  /** What the criterion asks, shown on the form and the public page. */
  explanation: Text;
  /** What the applicant should write in their statement. */
  prompt: Text;
  /** An automatic hint from the live index, or null when only a person can check it. */
  automatic: AutomaticHint | null;
};

export const CRITERIA = [
  {
    code: 'consent',
    label: { vi: 'Thu thập dữ liệu cá nhân có sự đồng ý', en: 'Personal data collected with consent' },
    explanation: {
      vi: 'Chỉ thu thập dữ liệu cá nhân khi người dùng đã được thông báo và đồng ý.',
      en: 'Personal data is collected only after users are told and agree.',
    },
    prompt: { vi: 'Người dùng đồng ý ở đâu, bằng cách nào (trang, biểu mẫu, ứng dụng)?', en: 'Where and how do users give consent (page, form, app)?' },
    automatic: null,
  },
  {
    code: 'privacy_policy',
    label: { vi: 'Công bố chính sách bảo vệ dữ liệu cá nhân', en: 'A published privacy policy' },
    explanation: { vi: 'Chính sách quyền riêng tư được công bố công khai trên trang web.', en: 'A privacy policy is published on the website.' },
    prompt: { vi: 'Địa chỉ trang chính sách quyền riêng tư.', en: 'The address of the privacy policy page.' },
    automatic: null,
  },
  {
    code: 'data_protection',
    label: { vi: 'Biện pháp bảo vệ dữ liệu', en: 'Data-protection measures' },
    explanation: {
      vi: 'Có biện pháp kỹ thuật và quản lý để bảo vệ dữ liệu (mã hoá, phân quyền, sao lưu).',
      en: 'Technical and organisational measures protect the data (encryption, access control, backups).',
    },
    prompt: { vi: 'Các biện pháp chính đang áp dụng.', en: 'The main measures in place.' },
    automatic: null,
  },
  {
    code: 'incident_response',
    label: { vi: 'Quy trình ứng phó sự cố', en: 'An incident-response policy' },
    explanation: {
      vi: 'Có quy trình phát hiện, xử lý và thông báo sự cố an toàn thông tin.',
      en: 'There is a procedure to detect, handle and report security incidents.',
    },
    prompt: { vi: 'Quy trình và đầu mối ứng phó sự cố.', en: 'The procedure and the incident contact.' },
    automatic: null,
  },
  {
    code: 'valid_tls',
    label: { vi: 'Chứng chỉ TLS hợp lệ', en: 'A valid TLS certificate' },
    explanation: {
      vi: 'Mọi tên miền dùng HTTPS với chứng chỉ hợp lệ, còn hạn. Cán bộ tự kiểm tra và ghi nhận kết quả.',
      en: 'Every domain serves HTTPS with a valid, unexpired certificate. Staff check it themselves and record the finding.',
    },
    prompt: { vi: 'Tổ chức cấp chứng chỉ và ngày hết hạn.', en: 'The certificate issuer and expiry date.' },
    automatic: null,
  },
  {
    code: 'no_malicious_links',
    label: { vi: 'Không chứa liên kết độc hại', en: 'No malicious links' },
    explanation: { vi: 'Trang web không dẫn tới trang lừa đảo hay mã độc.', en: 'The website does not link to scam or malware pages.' },
    prompt: { vi: 'Cách tổ chức kiểm soát liên kết và nội dung do người dùng đăng.', en: 'How links and user-posted content are controlled.' },
    automatic: null,
  },
  {
    code: 'not_blocklisted',
    label: { vi: 'Không nằm trong danh sách chặn', en: 'Not on a blocklist' },
    explanation: { vi: 'Không tên miền nào nằm trong danh sách nguy hiểm hay đáng ngờ.', en: 'No domain is on a dangerous or suspicious list.' },
    prompt: { vi: 'Các danh sách tổ chức đã tự kiểm tra, nếu có.', en: 'The lists you checked yourselves, if any.' },
    automatic: 'blocklist',
  },
  {
    code: 'no_phishing_signs',
    label: { vi: 'Không có dấu hiệu lừa đảo', en: 'No phishing signs' },
    explanation: {
      vi: 'Không mạo danh tổ chức khác, không dùng tên miền na ná, không bị phản ánh lừa đảo.',
      en: 'No impersonation of others, no look-alike domains, no phishing reports.',
    },
    prompt: { vi: 'Tên thương hiệu và tên miền chính thức của tổ chức.', en: 'Your brand names and official domains.' },
    automatic: 'phishing',
  },
  {
    code: 'no_botnet_ips',
    label: { vi: 'Không có địa chỉ IP thuộc mạng máy tính ma', en: 'No botnet IPs' },
    explanation: { vi: 'Máy chủ của tổ chức không nằm trong mạng máy tính ma (botnet).', en: 'The organisation’s servers are not part of a botnet.' },
    prompt: { vi: 'Địa chỉ IP hoặc dải IP máy chủ.', en: 'The server IP addresses or ranges.' },
    automatic: null,
  },
] as const satisfies readonly Criterion[];

export type CriterionCode = (typeof CRITERIA)[number]['code'];

export const CRITERION_CODES: readonly CriterionCode[] = CRITERIA.map((c) => c.code);

const BY_CODE: ReadonlyMap<string, Criterion> = new Map(CRITERIA.map((c) => [c.code, c]));

/** The criterion with this code, or undefined. */
export function criterionOf(code: string): Criterion | undefined {
  return BY_CODE.get(code);
}

/** True when the string names a criterion. */
export function isCriterionCode(code: string): code is CriterionCode {
  return BY_CODE.has(code);
}
