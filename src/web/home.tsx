// The public home page for citizens: check, report, warnings, and the
// "be careful, verify before sharing" advice of directive 1920/STTTT-CNTT.
// Every action is a plain link or GET form, so it works without JavaScript.
import type { Html } from './jsx/jsx-runtime.ts';
import { bindLocale } from '../core/i18n.ts';
import { Layout, type PageContext } from './layout.tsx';
import { Card, Field, PageHeader, SubmitButton } from './components.tsx';
import { homeMessage } from './home.messages.ts';

const ADVICE = ['advicePersonalData', 'adviceLinks', 'adviceNoShare', 'adviceAccounts', 'adviceReport', 'adviceVerified'] as const;

/** The public home page. */
export function HomePage(props: { ctx: PageContext }): Html {
  const { ctx } = props;
  const t = bindLocale(homeMessage, ctx.locale);
  return (
    <Layout ctx={ctx} title={t('title')}>
      <PageHeader title={t('heading')} lead={t('lead')} />
      <div class="card-grid">
        <Card title={t('checkTitle')} id="check">
          <p>{t('checkText')}</p>
          <form method="get" action="/check" role="search" class="check-form">
            <Field name="value" label={t('checkLabel')} hint={t('checkHint')} autocomplete="off" maxlength={2048} required />
            <SubmitButton>{t('checkButton')}</SubmitButton>
          </form>
        </Card>
        <Card title={t('reportTitle')} id="report">
          <p>{t('reportText')}</p>
          <p><a class="button button-primary" href="/report">{t('reportLink')}</a></p>
        </Card>
        <Card title={t('warningsTitle')} id="warnings">
          <p>{t('warningsText')}</p>
          <p><a class="button button-secondary" href="/advisories">{t('warningsLink')}</a></p>
        </Card>
      </div>
      <section class="advice" aria-labelledby="advice-title">
        <h2 id="advice-title">{t('adviceTitle')}</h2>
        <ul class="advice-list">{ADVICE.map((key) => <li>{t(key)}</li>)}</ul>
        <p class="advice-source">{t('adviceSource')}</p>
      </section>
    </Layout>
  );
}
