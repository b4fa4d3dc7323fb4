// A tiny synchronous server-side JSX runtime that escapes by default.
//
// `.tsx` files compile (tsconfig `jsxImportSource: "#jsx"`) to calls into this
// module. Every text child and attribute value is HTML-escaped; only `raw()`
// lets trusted markup through. Because the CSP forbids inline script and inline
// style, the runtime refuses event-handler (`on*`) and `style` attributes and
// `<script>`/`<style>` with content, so a mistake fails in tests rather than
// silently in the browser.

/** Already-rendered, trusted HTML. */
export class Html {
  constructor(readonly value: string) {}

  /** The markup itself, so an `Html` can be interpolated into a string. */
  toString(): string {
    return this.value;
  }
}

/** Anything that may appear as a JSX child. */
export type Child = Html | string | number | bigint | boolean | null | undefined | readonly Child[];

type Props = Record<string, unknown> & { children?: Child };
type Component = (props: Props) => Child;

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'srcset', 'xlink:href', 'background']);
const TAG_NAME = /^[a-zA-Z][a-zA-Z0-9-]*$/;
const ATTRIBUTE_NAME = /^[a-zA-Z_:][a-zA-Z0-9_.:-]*$/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// Browsers drop ASCII tab/newline anywhere in a URL and leading C0/space, so a
// scheme check must too. Images as data: URLs (QR codes) stay allowed.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here.
const URL_IGNORED = /[\u0000-\u0020\u007f]/g;
const UNSAFE_SCHEME = /^(?:javascript|vbscript|data):/i;
const SAFE_DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|webp);/i;

/** Escape text for use in HTML text or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** Mark a string of trusted markup (e.g. a server-generated SVG) as safe to emit verbatim. */
export function raw(html: string): Html {
  return new Html(html);
}

/** True when a URL attribute value would run script or load an unsafe scheme. */
export function isUnsafeUrl(url: string): boolean {
  const compact = url.replace(URL_IGNORED, '');
  return UNSAFE_SCHEME.test(compact) && !SAFE_DATA_IMAGE.test(compact);
}

function renderChild(child: Child, out: string[]): void {
  if (child === null || child === undefined || typeof child === 'boolean') return;
  if (typeof child === 'string') out.push(escapeHtml(child));
  else if (typeof child === 'number' || typeof child === 'bigint') out.push(String(child));
  else if (child instanceof Html) out.push(child.value);
  else if (Array.isArray(child)) for (const item of child as readonly Child[]) renderChild(item, out);
  else throw new TypeError(`jsx: cannot render a child of type ${typeof child}`);
}

function renderAttribute(name: string, value: unknown): string {
  if (!ATTRIBUTE_NAME.test(name)) throw new TypeError(`jsx: invalid attribute name ${JSON.stringify(name)}`);
  const lower = name.toLowerCase();
  if (lower.startsWith('on')) throw new TypeError(`jsx: event-handler attribute "${name}" is forbidden (CSP)`);
  if (lower === 'style') throw new TypeError('jsx: inline style attributes are forbidden (CSP); use a class');
  if (value === null || value === undefined || value === false) {
    // ARIA states are enumerated strings, so false must still be spelled out.
    return lower.startsWith('aria-') && value === false ? ` ${name}="false"` : '';
  }
  if (value === true) return lower.startsWith('aria-') ? ` ${name}="true"` : ` ${name}`;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else if (value instanceof Html) text = value.value;
  else throw new TypeError(`jsx: attribute "${name}" has unsupported value type ${typeof value}`);
  if (URL_ATTRIBUTES.has(lower) && isUnsafeUrl(text)) text = '#';
  return ` ${name}="${escapeHtml(text)}"`;
}

function renderElement(tag: string, props: Props): Html {
  if (!TAG_NAME.test(tag)) throw new TypeError(`jsx: invalid tag name ${JSON.stringify(tag)}`);
  const lower = tag.toLowerCase();
  const { children, ...attributes } = props;
  const hasChildren = children !== undefined && children !== null && !(Array.isArray(children) && children.length === 0);
  if (lower === 'style' || (lower === 'script' && hasChildren)) {
    throw new TypeError(`jsx: inline <${lower}> is forbidden (CSP); use a file under /static`);
  }
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'key') continue;
    open += renderAttribute(name, value);
  }
  if (VOID_ELEMENTS.has(lower)) {
    if (hasChildren) throw new TypeError(`jsx: void element <${lower}> cannot have children`);
    return new Html(`${open}>`);
  }
  const out: string[] = [`${open}>`];
  renderChild(children, out);
  out.push(`</${tag}>`);
  return new Html(out.join(''));
}

/** Render a JSX node (element, text, array…) to an escaped HTML string. */
export function renderToString(node: Child): string {
  const out: string[] = [];
  renderChild(node, out);
  return out.join('');
}

/** Render a full page: `<!doctype html>` followed by the node. */
export function renderDocument(node: Child): string {
  return `<!doctype html>${renderToString(node)}`;
}

/** Group children without a wrapping element (`<>…</>`). */
export function Fragment(props: { children?: Child }): Html {
  return new Html(renderToString(props.children));
}

/** The automatic-runtime factory: build an element or call a component. */
export function jsx(type: string | Component, props: Props, _key?: unknown): Html {
  if (typeof type === 'function') return new Html(renderToString(type(props)));
  return renderElement(type, props);
}

/** Factory for elements with static multiple children (same as `jsx` here). */
export const jsxs = jsx;

/** Development-mode factory (same as `jsx`; source info is ignored). */
export const jsxDEV = jsx;

/** Attributes accepted on any intrinsic element; values are checked at render time. */
export type IntrinsicAttributes = { children?: Child; [attribute: string]: unknown };

// eslint-disable-next-line @typescript-eslint/no-namespace -- TypeScript looks up JSX types in this namespace.
export namespace JSX {
  export type Element = Html;
  export interface IntrinsicElements {
    [tag: string]: IntrinsicAttributes;
  }
  export interface ElementChildrenAttribute {
    children: unknown;
  }
}
