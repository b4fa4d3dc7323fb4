import { describe, it, expect } from 'vitest';
import { renderDocument } from './jsx/jsx-runtime.ts';
import { HomePage } from './home.tsx';
import type { PageContext } from './layout.tsx';

const ctx = (locale: 'vi' | 'en'): PageContext => ({ locale, path: '/', csrfToken: 'c', user: null });

describe('HomePage', () => {
  it('renders one h1 and marks Home as the current page', () => {
    const html = renderDocument(<HomePage ctx={ctx('vi')} />);
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain('<title>Trang chủ · An toàn</title>');
    expect(html).toContain('<a href="/" aria-current="page">Trang chủ</a>');
  });

  it('has a check form that works without JavaScript', () => {
    const html = renderDocument(<HomePage ctx={ctx('vi')} />);
    expect(html).toContain('<form method="get" action="/check" role="search" class="check-form">');
    expect(html).toContain('<label for="field-value">Trang web, số điện thoại hoặc số tài khoản</label>');
    expect(html).toMatch(/<input id="field-value" name="value" type="text"[^>]* required/);
    expect(html).toContain('<button type="submit" class="button button-primary">Kiểm tra</button>');
  });

  it('links to report and warnings and gives the 1920/STTTT advice', () => {
    const html = renderDocument(<HomePage ctx={ctx('vi')} />);
    expect(html).toContain('href="/report">Gửi phản ánh</a>');
    expect(html).toContain('href="/advisories">Xem cảnh báo</a>');
    expect(html).toContain('<h2 id="advice-title">Hãy cẩn trọng, xác minh trước khi chia sẻ</h2>');
    expect(html).toContain('1920/STTTT-CNTT');
  });

  it('is available in English', () => {
    const html = renderDocument(<HomePage ctx={ctx('en')} />);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Be careful, verify before sharing');
    expect(html).not.toContain('Hãy cẩn trọng');
  });
});
