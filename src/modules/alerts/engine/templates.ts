import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { AppError } from '../../../core/errors.ts';
import type { Channel, Rendered, RenderContext, Template } from './model.ts';

/** Every module's templates by key, built once at the composition root. */
export class TemplateRegistry {
  private readonly byKey = new Map<string, Template>();

  constructor(templates: readonly Template<TSchema>[]) {
    for (const template of templates) {
      if (this.byKey.has(template.key)) throw new Error(`template ${template.key} is defined twice`);
      this.byKey.set(template.key, template);
    }
  }

  /** The template, or a programming error: a caller queued a key nobody defined. */
  get(key: string): Template {
    const template = this.byKey.get(key);
    if (template === undefined) throw new Error(`template ${key} is not defined`);
    return template;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  all(): Template[] {
    return [...this.byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Check a notification's data and channel against its template before it is queued. */
  check(key: string, channel: Channel, data: unknown): void {
    const template = this.get(key);
    if (!template.channels.includes(channel)) throw new Error(`template ${key} does not go by ${channel}`);
    if (!Value.Check(template.data, data)) throw new Error(`data for template ${key} does not match its schema`);
  }

  /** Render one notification or a digest of several (the template's digest, or a generic one listing each). */
  async render(key: string, ctx: RenderContext, items: readonly unknown[]): Promise<Rendered> {
    const template = this.get(key);
    const [first] = items;
    if (first === undefined) throw new Error('nothing to render');
    if (items.length === 1) return template.render(ctx, first);
    if (template.renderDigest !== undefined) return template.renderDigest(ctx, items);
    return genericDigest(await Promise.all(items.map(async (item) => template.render(ctx, item))), ctx);
  }

  /** The preview of a template in a language: its sample rendered alone and as a digest of three. */
  async preview(key: string, ctx: RenderContext): Promise<{ single: Rendered; digest: Rendered }> {
    const template = this.byKey.get(key);
    if (template === undefined) throw new AppError('NOT_FOUND', 'No such template.');
    return { single: await this.render(key, ctx, [template.sample]), digest: await this.render(key, ctx, [template.sample, template.sample, template.sample]) };
  }
}

function genericDigest(parts: readonly Rendered[], ctx: RenderContext): Rendered {
  const heading = ctx.locale === 'vi' ? `${parts.length} thông báo:` : `${parts.length} notifications:`;
  const text = [heading, '', ...parts.flatMap((p, i) => [`${i + 1}. ${p.subject}`, p.text, ''])].join('\n');
  const subject = ctx.locale === 'vi' ? `[antoan] ${parts.length} thông báo` : `[antoan] ${parts.length} notifications`;
  return { subject, text, sms: subject, webhook: { items: parts.map((p) => p.webhook ?? { subject: p.subject }) } };
}
