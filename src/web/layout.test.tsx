import { describe, it, expect } from 'vitest';
import { renderDocument } from './jsx/jsx-runtime.ts';
import { Layout, languageSwitchHref, type PageContext } from './layout.tsx';

const anonymous: PageContext = { locale: 'vi', path: '/report?x=1', csrfToken: 'csrf-123', user: null };
const admin: PageContext = {
  locale: 'en',
  path: '/admin/users',
  csrfToken: 'csrf-456',
  user: { displayName: 'Nguyễn <Văn> A', email: 'a@example.vn', isStaff: true, canAdminister: true },
  flash: { kind: 'error', message: 'Không lưu được' },
};

function page(ctx: PageContext): string {
  return renderDocument(<Layout ctx={ctx} title="Phản ánh"><h1>Phản ánh</h1></Layout>);
}

describe('Layout', () => {
  it('renders a Vietnamese document with head, stylesheet and deferred external script', () => {
    const html = page(anonymous);
    expect(html.startsWith('<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">')).toBe(true);
    expect(html).toContain('<title>Phản ánh · An toàn</title>');
    expect(html).toContain('<link rel="stylesheet" href="/static/app.css">');
    expect(html).toContain('<script src="/static/htmx.min.js" defer></script>');
  });

  it('has no inline script or style (CSP)', () => {
    for (const ctx of [anonymous, admin]) {
      const html = page(ctx);
      expect(html).not.toMatch(/\sstyle=/i);
      expect(html).not.toMatch(/<style/i);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it('has a skip link to main, landmarks and exactly the body’s h1', () => {
    const html = page(anonymous);
    expect(html).toContain('<a class="skip-link" href="#main">Chuyển đến nội dung chính</a>');
    expect(html).toContain('<header class="site-header">');
    expect(html).toContain('<nav class="site-nav" aria-label="Điều hướng chính">');
    expect(html).toContain('<main id="main" tabindex="-1" class="container">');
    expect(html).toContain('<footer class="site-footer">');
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  });

  it('shows the log-in link and hides administration for visitors', () => {
    const html = page(anonymous);
    expect(html).toContain('<a class="account-login" href="/login">Đăng nhập</a>');
    expect(html).not.toContain('/admin');
    expect(html).not.toContain('/logout');
    expect(html).toContain('<a href="/report" aria-current="page">Phản ánh</a>');
  });

  it('shows the user, a CSRF-protected logout form and administration for admins', () => {
    const html = page(admin);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Signed in as Nguyễn &lt;Văn&gt; A');
    expect(html).toContain('<form method="post" action="/logout" class="inline-form"><input type="hidden" name="_csrf" value="csrf-456"><button type="submit"');
    expect(html).toContain('<a href="/admin" aria-current="page">Administration</a>');
    expect(html).toContain('<li><a href="/">Home</a></li>');
    expect(html).not.toContain('href="/login"');
  });

  it('hides administration from staff who cannot administer', () => {
    const staff: PageContext = { ...admin, user: { displayName: 'B', email: 'b@example.vn', isStaff: true, canAdminister: false } };
    expect(page(staff)).not.toContain('href="/admin"');
  });

  it('announces flash messages with the right role', () => {
    expect(page(admin)).toContain('<div class="alert alert-error" role="alert">Không lưu được</div>');
    expect(page({ ...anonymous, flash: { kind: 'success', message: 'Đã gửi' } })).toContain('<div class="alert alert-success" role="status">Đã gửi</div>');
    expect(page(anonymous)).not.toContain('class="alert');
  });

  it('switches language with a plain link back to the current path', () => {
    expect(languageSwitchHref(anonymous)).toBe('/lang?to=en&next=%2Freport%3Fx%3D1');
    expect(page(anonymous)).toContain('<a class="language-switch" href="/lang?to=en&amp;next=%2Freport%3Fx%3D1" lang="en" hreflang="en">English</a>');
    expect(page(admin)).toContain('href="/lang?to=vi&amp;next=%2Fadmin%2Fusers" lang="vi" hreflang="vi">Tiếng Việt</a>');
  });

  it('widens the container on request', () => {
    expect(renderDocument(<Layout ctx={anonymous} title="t" wide><h1>t</h1></Layout>)).toContain('class="container container-wide"');
  });
});
