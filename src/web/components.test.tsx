import { describe, it, expect } from 'vitest';
import { renderToString } from './jsx/jsx-runtime.ts';
import { Alert, Badge, Card, Checkboxes, CsrfField, DataTable, DefinitionList, ErrorSummary, Field, fieldId, PageHeader, Pagination, SelectField, SubmitButton, TextArea } from './components.tsx';

describe('fieldId', () => {
  it('derives a safe id from any field name', () => {
    expect(fieldId('email')).toBe('field-email');
    expect(fieldId('targets[0].value')).toBe('field-targets-0--value');
    expect(fieldId('"><x')).toBe('field----x');
  });

  it('scopes the id to a form so two forms on a page can share a field name', () => {
    expect(fieldId('name', 'token')).toBe('field-token-name');
    const html = renderToString(<><Field name="name" label="Tên" /><Field name="name" form="token" label="Tên token" /></>);
    expect(html).toContain('<label for="field-name">Tên</label>');
    expect(html).toContain('<label for="field-token-name">Tên token</label>');
    expect(renderToString(<ErrorSummary title="Lỗi" form="token" errors={[{ field: 'name', message: 'm' }]} />)).toContain('href="#field-token-name"');
  });
});

describe('Field', () => {
  it('ties the label to the input and escapes the value', () => {
    const html = renderToString(<Field name="email" label="Thư điện tử" type="email" value={'a"><script>'} required autocomplete="email" />);
    expect(html).toContain('<label for="field-email">Thư điện tử</label>');
    expect(html).toContain('id="field-email" name="email" type="email" value="a&quot;&gt;&lt;script&gt;" required autocomplete="email"');
    expect(html).not.toContain('aria-describedby');
    expect(html).not.toContain('aria-invalid');
  });

  it('describes the input by its hint and error and marks it invalid', () => {
    const html = renderToString(<Field name="phone" label="Số điện thoại" hint="Ví dụ: 0912 345 678" error="Số điện thoại không hợp lệ" inputmode="tel" />);
    expect(html).toContain('<p class="field-hint" id="field-phone-hint">Ví dụ: 0912 345 678</p>');
    expect(html).toContain('<p class="field-error" id="field-phone-error">Số điện thoại không hợp lệ</p>');
    expect(html).toContain('aria-describedby="field-phone-hint field-phone-error" aria-invalid="true"');
    expect(html).toContain('class="field field-invalid"');
  });

  it('never echoes a password back', () => {
    expect(renderToString(<Field name="password" label="Mật khẩu" type="password" value="secret" />)).not.toContain('secret');
  });
});

describe('SelectField, TextArea and Checkboxes', () => {
  const options = [{ value: 'scam', label: 'Lừa đảo' }, { value: 'fake_news', label: 'Tin giả', hint: 'Thông tin sai sự thật' }];

  it('marks the selected option', () => {
    const html = renderToString(<SelectField name="category" label="Loại" options={options} value="fake_news" />);
    expect(html).toContain('<select id="field-category" name="category">');
    expect(html).toContain('<option value="scam">Lừa đảo</option><option value="fake_news" selected>Tin giả</option>');
  });

  it('escapes text area content', () => {
    expect(renderToString(<TextArea name="description" label="Mô tả" value="</textarea><b>" />)).toContain('>&lt;/textarea&gt;&lt;b&gt;</textarea>');
  });

  it('groups choices in a fieldset with a legend and unique ids', () => {
    const html = renderToString(<Checkboxes name="category" legend="Loại" options={options} values={['scam']} type="radio" required />);
    expect(html).toContain('<fieldset class="field choices"><legend>Loại</legend>');
    expect(html).toContain('<input type="radio" id="field-category" name="category" value="scam" checked required>');
    expect(html).toContain('<input type="radio" id="field-category-1" name="category" value="fake_news" required aria-describedby="field-category-1-hint">');
    expect(html).toContain('<label for="field-category-1">Tin giả</label>');
  });

  it('never gives the first option\'s hint the id of the group\'s hint', () => {
    const html = renderToString(<Checkboxes name="kind" legend="Loại" hint="Chọn một" options={[{ value: 'a', label: 'A', hint: 'gợi ý A' }]} type="radio" />);
    expect(html).toContain('<p class="field-hint" id="field-kind-hint">Chọn một</p>');
    expect(html).toContain('aria-describedby="field-kind-0-hint"><label for="field-kind">A</label><p class="field-hint" id="field-kind-0-hint">gợi ý A</p>');
  });
});

describe('DataTable', () => {
  const columns = [{ key: 'ticket', label: 'Mã' }, { key: 'count', label: 'Số lượng', numeric: true }] as const;

  it('renders caption, column headers and escaped cells in a focusable scroll region', () => {
    const html = renderToString(<DataTable caption="Phản ánh" columns={columns} rows={[{ ticket: '<AT-1>', count: 3 }]} empty="Chưa có" />);
    expect(html).toContain('<div class="table-wrap" role="region" aria-label="Phản ánh" tabindex="0"><table><caption>Phản ánh</caption>');
    expect(html).toContain('<th scope="col">Mã</th><th scope="col" class="numeric">Số lượng</th>');
    expect(html).toContain('<td>&lt;AT-1&gt;</td><td class="numeric">3</td>');
  });

  it('says so when there are no rows', () => {
    expect(renderToString(<DataTable caption="Phản ánh" columns={columns} rows={[]} empty="Chưa có phản ánh" />)).toContain('<td class="empty" colspan="2">Chưa có phản ánh</td>');
  });
});

describe('ErrorSummary', () => {
  it('links every error to its field', () => {
    const html = renderToString(<ErrorSummary title="Vui lòng sửa các lỗi sau" errors={[{ field: 'targets[0].value', message: 'Nhập địa chỉ' }]} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('<a href="#field-targets-0--value">Nhập địa chỉ</a>');
  });

  it('renders nothing without errors', () => {
    expect(renderToString(<ErrorSummary title="x" errors={[]} />)).toBe('');
  });
});

describe('small components', () => {
  it('renders the CSRF field', () => {
    expect(renderToString(<CsrfField token={'t"k'} />)).toBe('<input type="hidden" name="_csrf" value="t&quot;k">');
  });

  it('renders buttons, badges, alerts, cards and the page header', () => {
    expect(renderToString(<SubmitButton variant="danger" name="action" value="reject">Từ chối</SubmitButton>)).toBe('<button type="submit" class="button button-danger" name="action" value="reject">Từ chối</button>');
    expect(renderToString(<Badge tone="danger">Nguy hiểm</Badge>)).toBe('<span class="badge badge-danger">Nguy hiểm</span>');
    expect(renderToString(<Alert kind="error">Lỗi</Alert>)).toBe('<div class="alert alert-error" role="alert">Lỗi</div>');
    expect(renderToString(<Alert kind="success">Đã gửi</Alert>)).toContain('role="status"');
    expect(renderToString(<Card title="Kiểm tra" level={3}>x</Card>)).toBe('<section class="card"><h3 class="card-title">Kiểm tra</h3>x</section>');
    expect(renderToString(<PageHeader title="Phản ánh" lead="Gửi phản ánh" />)).toBe('<div class="page-header"><h1>Phản ánh</h1><p class="lead">Gửi phản ánh</p></div>');
  });

  it('renders localized pagination only when there is somewhere to go', () => {
    expect(renderToString(<Pagination locale="vi" />)).toBe('');
    const html = renderToString(<Pagination locale="en" next="/warnings?page=2&amp=1" />);
    expect(html).toContain('<nav class="pagination" aria-label="Pagination">');
    expect(html).toContain('rel="next" href="/warnings?page=2&amp;amp=1">Next page →</a>');
    expect(html).not.toContain('rel="prev"');
  });

  it('renders a definition list', () => {
    expect(renderToString(<DefinitionList items={[{ term: 'Mã', description: <code>AT-1</code> }]} />)).toBe('<dl class="definition-list"><div class="definition"><dt>Mã</dt><dd><code>AT-1</code></dd></div></dl>');
  });
});
