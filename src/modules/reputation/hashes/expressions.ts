// The expression and SHA-256 an indicator is published under (the table is in
// client/expressions.ts, which the client shares). A URL is published under the expression the
// lookup index stores it under (`urlExpressionOf`), read straight off its normal form.
import { hash } from 'node:crypto';
import { addressExpression, exactExpression, hostExpression, rangeExpression, type HashScope } from '../client/expressions.ts';
import { urlExpressionOf } from '../lookup/index.ts';

export type Published = { expression: string; scope: HashScope };

/** The expression and scope of an active indicator (type and normal value). */
export function publishedAs(indicator: { type: string; value: string }): Published {
  const { type, value } = indicator;
  switch (type) {
    case 'url':
      return { expression: urlExpressionOfCanonical(value), scope: 'url' };
    case 'domain':
      return value.startsWith('*.') ? { expression: hostExpression(value.slice(2)), scope: 'subdomains' } : { expression: hostExpression(value), scope: 'host' };
    case 'ip': {
      const slash = value.indexOf('/');
      if (slash < 0) return { expression: addressExpression(value), scope: 'exact' };
      return { expression: rangeExpression(value.slice(0, slash), Number(value.slice(slash + 1))), scope: 'range' };
    }
    default:
      return { expression: exactExpression(type, value), scope: 'exact' };
  }
}

/**
 * `urlExpressionOf` for a URL already in normal form (`http://host[:port]/path[?query]`): the
 * host without its port, then the path and query. It re-canonicalises nothing, which makes it
 * some fifty times cheaper — a million listings are hashed at start — and a property test holds
 * it equal to `urlExpressionOf` on normal forms.
 */
export function urlExpressionOfCanonical(href: string): string {
  const start = href.indexOf('//') + 2;
  const slash = href.indexOf('/', start);
  if (start < 2 || slash < 0) return urlExpressionOf(href);
  const authority = href.slice(start, slash);
  const host = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.replace(/:\d+$/, '');
  return host + href.slice(slash);
}

/** SHA-256 of an expression's UTF-8 bytes as a 32-character byte string (one char per byte: compact, and ordered like the bytes). */
export function hashOf(expression: string): string {
  return hash('sha256', expression, 'binary');
}
