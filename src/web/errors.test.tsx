import { describe, it, expect } from 'vitest';
import { renderDocument } from './jsx/jsx-runtime.ts';
import { defaultErrorCopy, ErrorPage } from './errors.tsx';
import type { PageContext } from './layout.tsx';

const ctx: PageContext = { locale: 'vi', path: '/khong-co', csrfToken: 'c', user: null };

describe('defaultErrorCopy', () => {
  it('has copy for 403, 404, 5xx and other statuses in both languages', () => {
    expect(defaultErrorCopy('vi', 404).title).toBe('Không tìm thấy trang');
    expect(defaultErrorCopy('en', 403).title).toBe('Access denied');
    expect(defaultErrorCopy('en', 503).title).toBe('Something went wrong');
    expect(defaultErrorCopy('vi', 400).title).toBe('Yêu cầu không hợp lệ');
  });
});

describe('ErrorPage', () => {
  it('renders the status, the message and a way home in the layout', () => {
    const { title, message } = defaultErrorCopy('vi', 404);
    const html = renderDocument(<ErrorPage ctx={ctx} status={404} title={title} message={message} />);
    expect(html).toContain('<title>Không tìm thấy trang · An toàn</title>');
    expect(html).toContain('<h1>Không tìm thấy trang</h1>');
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain('Mã lỗi 404');
    expect(html).toContain('href="/">Về trang chủ</a>');
    expect(html).not.toContain('Mã yêu cầu');
  });

  it('shows an escaped request id for 500s', () => {
    const { title, message } = defaultErrorCopy('en', 500);
    const html = renderDocument(<ErrorPage ctx={{ ...ctx, locale: 'en' }} status={500} title={title} message={message} requestId="req-<1>" />);
    expect(html).toContain('Request ID (quote it when contacting support): req-&lt;1&gt;');
  });
});
