import { describe, it, expect } from 'vitest';
import { Html, raw, renderToString, renderDocument, isUnsafeUrl, jsx, type Child } from './jsx-runtime.ts';

function Greeting(props: { name: string; children?: Child }): Html {
  return (
    <p class="greeting">
      Xin chào {props.name}
      {props.children}
    </p>
  );
}

describe('jsx runtime', () => {
  it('escapes text children', () => {
    const name = '<script>alert("x")</script> & \'co\'';
    expect(renderToString(<p>{name}</p>)).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>');
  });

  it('escapes attribute values so they cannot break out of quotes', () => {
    const value = '" autofocus onfocus="alert(1)';
    expect(renderToString(<input value={value} />)).toBe('<input value="&quot; autofocus onfocus=&quot;alert(1)">');
  });

  it('keeps Vietnamese text intact', () => {
    expect(renderToString(<span title="Cảnh báo">Lừa đảo trực tuyến</span>)).toBe('<span title="Cảnh báo">Lừa đảo trực tuyến</span>');
  });

  it('renders nothing for null, undefined and booleans, and renders numbers', () => {
    expect(renderToString(<p>{null}{undefined}{false}{true}{0}{42}{10n}</p>)).toBe('<p>04210</p>');
  });

  it('renders boolean attributes bare and omits false/null/undefined', () => {
    const html = renderToString(<input type="checkbox" checked disabled={false} required={null} name={undefined} />);
    expect(html).toBe('<input type="checkbox" checked>');
  });

  it('spells out aria booleans', () => {
    expect(renderToString(<div aria-hidden={true} aria-expanded={false} />)).toBe('<div aria-hidden="true" aria-expanded="false"></div>');
  });

  it('does not treat className specially', () => {
    expect(renderToString(<div class="a" />)).toBe('<div class="a"></div>');
  });

  it('renders fragments and flattens nested arrays', () => {
    const items = [['a', 'b'], ['c']].map((group) => group.map((x) => <li>{x}</li>));
    expect(renderToString(<><ul>{items}</ul><br /></>)).toBe('<ul><li>a</li><li>b</li><li>c</li></ul><br>');
  });

  it('calls function components with props and children', () => {
    expect(renderToString(<Greeting name="<Lan>"><b>!</b></Greeting>)).toBe('<p class="greeting">Xin chào &lt;Lan&gt;<b>!</b></p>');
  });

  it('closes no void element and refuses children inside one', () => {
    expect(renderToString(<><meta charset="utf-8" /><link rel="stylesheet" href="/a.css" /><hr /><img src="/x.png" alt="" /></>)).toBe(
      '<meta charset="utf-8"><link rel="stylesheet" href="/a.css"><hr><img src="/x.png" alt="">',
    );
    expect(() => jsx('br', { children: 'x' })).toThrow(/void element/);
  });

  it('emits raw() markup verbatim', () => {
    expect(renderToString(<div>{raw('<svg viewBox="0 0 1 1"></svg>')}</div>)).toBe('<div><svg viewBox="0 0 1 1"></svg></div>');
  });

  it('refuses on* event-handler attributes, whatever their case', () => {
    expect(() => renderToString(<button onclick="x()">b</button>)).toThrow(/event-handler/);
    expect(() => jsx('a', { OnMouseOver: 'x()' })).toThrow(/event-handler/);
  });

  it('refuses inline style and inline script, but allows an external script', () => {
    expect(() => jsx('div', { style: 'color:red' })).toThrow(/style/);
    expect(() => jsx('style', { children: 'p{}' })).toThrow(/style/);
    expect(() => jsx('script', { children: 'alert(1)' })).toThrow(/script/);
    expect(renderToString(<script src="/static/htmx.min.js" defer></script>)).toBe('<script src="/static/htmx.min.js" defer></script>');
  });

  it('validates attribute names so spread props cannot inject markup', () => {
    const hostile: Record<string, unknown> = { 'x><script>alert(1)</script': 'y' };
    expect(() => renderToString(<div {...hostile} />)).toThrow(/invalid attribute name/);
    expect(() => jsx('div', { 'a b': '1' })).toThrow(/invalid attribute name/);
    expect(() => jsx('div><script', {})).toThrow(/invalid tag name/);
  });

  it('replaces javascript:, vbscript: and data: URLs with #', () => {
    expect(renderToString(<a href="javascript:alert(1)">x</a>)).toBe('<a href="#">x</a>');
    expect(renderToString(<a href={' \tJaVa\nScRiPt:alert(1)'}>x</a>)).toBe('<a href="#">x</a>');
    expect(renderToString(<form action="vbscript:x" />)).toBe('<form action="#"></form>');
    expect(renderToString(<iframe src="data:text/html,<script>" title="t" />)).toBe('<iframe src="#" title="t"></iframe>');
    expect(renderToString(<a href="https://example.vn/?q=javascript:x">ok</a>)).toBe('<a href="https://example.vn/?q=javascript:x">ok</a>');
  });

  it('allows raster data: images (QR codes)', () => {
    expect(isUnsafeUrl('data:image/png;base64,AAAA')).toBe(false);
    expect(isUnsafeUrl('data:image/svg+xml;base64,AAAA')).toBe(true);
    expect(isUnsafeUrl('/report?x=1')).toBe(false);
  });

  it('rejects objects as children or attribute values instead of printing [object Object]', () => {
    expect(() => renderToString({} as unknown as Child)).toThrow(/cannot render/);
    expect(() => jsx('div', { title: { a: 1 } })).toThrow(/unsupported value/);
  });

  it('prepends a doctype for documents', () => {
    expect(renderDocument(<html lang="vi"></html>)).toBe('<!doctype html><html lang="vi"></html>');
  });

  it('returns Html that stringifies to its markup', () => {
    const el = <em>a</em>;
    expect(el).toBeInstanceOf(Html);
    expect(`${el.toString()}`).toBe('<em>a</em>');
  });
});
