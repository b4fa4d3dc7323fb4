// The subscription templates: the confirmation email of a citizen's subscription, and the advisory
// message (email to a citizen or an organisation's address, webhook to an organisation's endpoint).
// The advisory is read when the message is rendered, so a correction made before sending goes out.
import { Type } from 'typebox';
import type { Locale } from '../../../core/i18n.ts';
import { advisoryPath, referenceOf } from '../advisories/model.ts';
import { defineTemplate, type RenderContext, type Rendered, type Template } from '../engine/model.ts';
import { categoriesText, mailWord, severityLabel } from './mail-words.ts';
import { confirmationUrl, unsubscribeUrl } from './model.ts';
import { markdownToText } from './plain-text.ts';
import { findAdvisory, type AdvisoryRow } from './repository.ts';

const Id = Type.String({ format: 'uuid' });

export const confirmTemplate = defineTemplate({
  key: 'subscription.confirm',
  description: { vi: 'Email xác nhận đăng ký nhận cảnh báo (đăng ký hai bước)', en: 'Confirmation email of an advisory subscription (double opt-in)' },
  channels: ['email'],
  data: Type.Object({ subscriptionId: Id, sealedToken: Type.String({ maxLength: 2000 }), categories: Type.Array(Type.String()), minSeverity: Type.String(), change: Type.Boolean() }),
  sample: { subscriptionId: '00000000-0000-4000-8000-000000000000', sealedToken: '', categories: ['scam', 'phishing'], minSeverity: 'high', change: false },
  render(ctx, data): Rendered {
    const w = (key: Parameters<typeof mailWord>[1], params?: Record<string, string>) => mailWord(ctx.locale, key, params);
    const text = [
      w(data.change ? 'confirmChangeIntro' : 'confirmIntro'),
      '',
      w('confirmChoices', { categories: categoriesText(data.categories, ctx.locale), severity: severityLabel(data.minSeverity, ctx.locale) }),
      '',
      w('confirmAction'),
      confirmationUrl(ctx.publicUrl, data.sealedToken === '' ? 'sample-token' : ctx.box.decrypt(data.sealedToken)),
      '',
      w(data.change ? 'confirmChangeIgnore' : 'confirmIgnore'),
    ].join('\n');
    return { subject: w(data.change ? 'confirmChangeSubject' : 'confirmSubject'), text };
  },
});

// The preview's sample names no advisory; it renders this one instead.
const SAMPLE_ID = '00000000-0000-4000-8000-000000000001';
const SAMPLE: Pick<AdvisoryRow, 'id' | 'number' | 'severity' | 'categories' | 'titleVi' | 'titleEn' | 'bodyVi' | 'bodyEn'> = {
  id: SAMPLE_ID,
  number: 42,
  severity: 'high',
  categories: ['scam'],
  titleVi: 'Giả mạo tin nhắn ngân hàng yêu cầu cập nhật thông tin',
  titleEn: 'Fake bank messages asking you to update your details',
  bodyVi: 'Kẻ gian gửi **tin nhắn** giả mạo ngân hàng kèm [đường dẫn](https://example.invalid). Không bấm vào đường dẫn lạ.',
  bodyEn: 'Scammers send **messages** posing as banks with a [link](https://example.invalid). Do not open unknown links.',
};
type Shown = typeof SAMPLE;

async function advisoryOf(ctx: RenderContext, id: string): Promise<Shown> {
  if (id === SAMPLE_ID) return SAMPLE;
  const row = await findAdvisory(ctx.db, id);
  // Gone for good: no retry will find it (the dispatcher makes a permanent failure a dead letter at once).
  if (row === null) throw Object.assign(new Error('advisory not found'), { permanent: true });
  return row;
}

const pageUrl = (ctx: RenderContext, a: Shown) => `${ctx.publicUrl}${advisoryPath(a.number)}`;
const title = (a: Shown, l: Locale) => (l === 'vi' ? a.titleVi : a.titleEn);

/** One advisory in one language: heading, title, the body as plain text, the link. */
function advisoryText(ctx: RenderContext, a: Shown, l: Locale): string {
  const heading = mailWord(l, 'advisoryHeading', { reference: referenceOf(a.number), severity: severityLabel(a.severity, l), categories: categoriesText(a.categories, l) });
  return [heading, '', title(a, l), '', markdownToText(l === 'vi' ? a.bodyVi : a.bodyEn), '', mailWord(l, 'readMore'), pageUrl(ctx, a)].join('\n');
}

const webhookOf = (ctx: RenderContext, a: Shown) => ({ id: a.id, number: a.number, reference: referenceOf(a.number), severity: a.severity, categories: a.categories, title: { vi: a.titleVi, en: a.titleEn }, url: pageUrl(ctx, a) });

/** The closing lines: a citizen's one-click unsubscribe, or where an organisation manages its addresses. */
function footer(ctx: RenderContext, l: Locale, link: string | undefined): string {
  return link === undefined ? `${mailWord(l, 'orgFooter')}\n${ctx.publicUrl}/org/notifications` : `${mailWord(l, 'citizenFooter')}\n${link}`;
}

// A citizen reads their own language; an organisation's address (no subscription) gets Vietnamese, then English.
const languagesOf = (ctx: RenderContext, subscriptionId: string | undefined): Locale[] => (subscriptionId === undefined ? ['vi', 'en'] : [ctx.locale]);

function unsubscribeLinkOf(ctx: RenderContext, subscriptionId: string | undefined): string | undefined {
  return subscriptionId === undefined ? undefined : unsubscribeUrl(ctx.box, ctx.publicUrl, subscriptionId);
}

export const advisoryTemplate = defineTemplate({
  key: 'advisory.published',
  description: { vi: 'Cảnh báo mới được công bố, gửi người đăng ký và tổ chức', en: 'A newly published advisory, to subscribers and organisations' },
  channels: ['email', 'webhook'],
  data: Type.Object({ advisoryId: Id, subscriptionId: Type.Optional(Id) }),
  sample: { advisoryId: SAMPLE_ID },
  // Only organisations' emails carry an aggregate key: several advisories close together go as one digest.
  aggregation: { gatherSeconds: 30, windowSeconds: 600 },
  async render(ctx, data): Promise<Rendered> {
    const a = await advisoryOf(ctx, data.advisoryId);
    const languages = languagesOf(ctx, data.subscriptionId);
    const link = unsubscribeLinkOf(ctx, data.subscriptionId);
    const subject = languages.map((l) => mailWord(l, 'advisorySubject', { reference: referenceOf(a.number), severity: severityLabel(a.severity, l), title: title(a, l) })).join(' / ');
    const text = [...languages.map((l) => advisoryText(ctx, a, l)), ...languages.map((l) => footer(ctx, l, link))].join('\n\n');
    return { subject, text, webhook: webhookOf(ctx, a), ...(link !== undefined && { unsubscribeUrl: link }) };
  },
  async renderDigest(ctx, items): Promise<Rendered> {
    const shown = await Promise.all([...new Set(items.map((i) => i.advisoryId))].map((id) => advisoryOf(ctx, id)));
    const subscriptionIds = [...new Set(items.map((i) => i.subscriptionId))];
    const subscriptionId = subscriptionIds.length === 1 ? subscriptionIds[0] : undefined;
    const languages = languagesOf(ctx, subscriptionId);
    const link = unsubscribeLinkOf(ctx, subscriptionId);
    const count = String(shown.length);
    const list = (l: Locale) => [mailWord(l, 'digestIntro', { count }), '', ...shown.flatMap((a) => [`- ${referenceOf(a.number)} [${severityLabel(a.severity, l)}] ${title(a, l)}`, `  ${pageUrl(ctx, a)}`])].join('\n');
    const subject = languages.map((l) => mailWord(l, 'digestSubject', { count })).join(' / ');
    const text = [...languages.map(list), ...languages.map((l) => footer(ctx, l, link))].join('\n\n');
    return { subject, text, webhook: { items: shown.map((a) => webhookOf(ctx, a)) }, ...(link !== undefined && { unsubscribeUrl: link }) };
  },
});

/** The subscriptions' templates. */
export const subscriptionTemplates: Template[] = [confirmTemplate, advisoryTemplate];
