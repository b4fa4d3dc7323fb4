// Evidence files as staff open them: images shown (lazy, with alt text), PDFs as download links with
// their size. Evidence is accepted only as images or PDF (core/files), so nothing else is listed.
import type { Locale } from '../core/i18n.ts';
import type { Html } from './jsx/jsx-runtime.ts';

export type EvidenceFile = { id: string; contentType: string; fileName: string; size: number };

/** The words a page gives the list, in its own voice: none, and each link's text with `{name}` and `{size}`. */
export type EvidenceWords = (key: 'noEvidence' | 'openImage' | 'evidenceAlt' | 'openPdf', params?: Record<string, string>) => string;

const IMAGE = /^image\/(png|jpeg|gif|webp)$/;

/** Human file size, as the locale writes numbers. */
export function fileSize(bytes: number, locale: Locale): string {
  const format = (n: number) => new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024)} KB`;
  return `${format(bytes / (1024 * 1024))} MB`;
}

export function EvidenceList(props: { files: readonly EvidenceFile[]; urlOf: (id: string) => string; words: EvidenceWords; locale: Locale }): Html {
  const { words: t } = props;
  if (props.files.length === 0) return <p>{t('noEvidence')}</p>;
  return (
    <ul class="evidence-list">
      {props.files.map((e) => {
        const url = props.urlOf(e.id);
        if (IMAGE.test(e.contentType)) {
          return (
            <li>
              <a href={url} aria-label={t('openImage', { name: e.fileName })}>
                <img src={url} alt={t('evidenceAlt', { name: e.fileName })} class="evidence-image" loading="lazy" />
              </a>
            </li>
          );
        }
        return <li><a href={url}>{t('openPdf', { name: e.fileName, size: fileSize(e.size, props.locale) })}</a></li>;
      })}
    </ul>
  );
}
