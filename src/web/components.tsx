// Small accessible building blocks shared by every module's pages. Form
// controls always have a visible <label>, hints and errors are tied to the
// control with aria-describedby, and ids derive from the field name so an
// ErrorSummary can link straight to the control. A page with several forms
// that share a field name (two "name" inputs) gives each form an id scope with
// `form`, so every id stays unique and every label names its own control.
import type { Html, Child } from './jsx/jsx-runtime.ts';
import type { Locale } from '../core/i18n.ts';
import { shellMessage } from './messages.ts';

/** The id of the control for a form field name, optionally scoped to one form (also the ErrorSummary link target). */
export function fieldId(name: string, form?: string): string {
  const key = form === undefined ? name : `${form}-${name}`;
  return `field-${key.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function HintAndError(props: { id: string; hint?: string | undefined; error?: string | undefined }): Html {
  return (
    <>
      {props.hint ? <p class="field-hint" id={`${props.id}-hint`}>{props.hint}</p> : null}
      {props.error ? <p class="field-error" id={`${props.id}-error`}>{props.error}</p> : null}
    </>
  );
}

/** Hidden input carrying the CSRF token; put one in every POST form. */
export function CsrfField(props: { token: string }): Html {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

type FieldProps = {
  name: string;
  /** Scopes the id when another form on the page has a field of the same name. */
  form?: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'search' | 'number' | 'date' | 'datetime-local' | 'file';
  value?: string | undefined;
  required?: boolean;
  autocomplete?: string;
  error?: string | undefined;
  hint?: string | undefined;
  inputmode?: 'text' | 'tel' | 'email' | 'url' | 'numeric' | 'decimal' | 'search' | 'none';
  maxlength?: number;
};

/** A labelled single-line input with optional hint and error message. */
export function Field(props: FieldProps): Html {
  const id = fieldId(props.name, props.form);
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <HintAndError id={id} hint={props.hint} error={props.error} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' || props.type === 'file' ? undefined : props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        aria-describedby={describedBy(id, props.hint, props.error)}
        aria-invalid={props.error ? true : undefined}
      />
    </div>
  );
}

/** One choice of a select, checkbox group or radio group. */
export type Option = { value: string; label: string; hint?: string };

/** A labelled <select>. */
export function SelectField(props: { name: string; form?: string; label: string; options: readonly Option[]; value?: string | undefined; required?: boolean; error?: string | undefined; hint?: string | undefined }): Html {
  const id = fieldId(props.name, props.form);
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <HintAndError id={id} hint={props.hint} error={props.error} />
      <select id={id} name={props.name} required={props.required} aria-describedby={describedBy(id, props.hint, props.error)} aria-invalid={props.error ? true : undefined}>
        {props.options.map((o) => <option value={o.value} selected={o.value === props.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

/** A labelled multi-line text input. */
export function TextArea(props: { name: string; form?: string; label: string; value?: string | undefined; required?: boolean; rows?: number; maxlength?: number; error?: string | undefined; hint?: string | undefined }): Html {
  const id = fieldId(props.name, props.form);
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <HintAndError id={id} hint={props.hint} error={props.error} />
      <textarea id={id} name={props.name} rows={props.rows ?? 5} required={props.required} maxlength={props.maxlength} aria-describedby={describedBy(id, props.hint, props.error)} aria-invalid={props.error ? true : undefined}>
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

/** A fieldset of checkboxes (or radios with `type="radio"`); the first control gets the field id. */
export function Checkboxes(props: { name: string; form?: string; legend: string; options: readonly Option[]; values?: readonly string[]; type?: 'checkbox' | 'radio'; required?: boolean; error?: string | undefined; hint?: string | undefined }): Html {
  const id = fieldId(props.name, props.form);
  const checked = new Set(props.values ?? []);
  return (
    <fieldset class={props.error ? 'field choices field-invalid' : 'field choices'} aria-describedby={describedBy(id, props.hint, props.error)}>
      <legend>{props.legend}</legend>
      <HintAndError id={id} hint={props.hint} error={props.error} />
      {props.options.map((o, i) => {
        const optionId = i === 0 ? id : `${id}-${i}`;
        // Numbered for every option (the first too), so it never collides with the group's own hint id.
        const optionHintId = `${id}-${i}-hint`;
        return (
          <div class="choice">
            <input type={props.type ?? 'checkbox'} id={optionId} name={props.name} value={o.value} checked={checked.has(o.value)} required={props.type === 'radio' && props.required} aria-describedby={o.hint ? optionHintId : undefined} />
            <label for={optionId}>{o.label}</label>
            {o.hint ? <p class="field-hint" id={optionHintId}>{o.hint}</p> : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/** A form submit button; `name`/`value` distinguish several actions in one form. */
export function SubmitButton(props: { children?: Child; variant?: 'primary' | 'danger' | 'secondary'; name?: string; value?: string }): Html {
  return <button type="submit" class={`button button-${props.variant ?? 'primary'}`} name={props.name} value={props.value}>{props.children}</button>;
}

/** A column of a DataTable: `key` picks the cell from each row. */
export type Column<K extends string> = { key: K; label: string; numeric?: boolean };

/** A real <table> with caption and column headers, scrollable on narrow screens. */
export function DataTable<K extends string>(props: { caption: string; columns: readonly Column<K>[]; rows: readonly Record<K, Child>[]; empty: string }): Html {
  return (
    <div class="table-wrap" role="region" aria-label={props.caption} tabindex="0">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>{props.columns.map((c) => <th scope="col" class={c.numeric ? 'numeric' : undefined}>{c.label}</th>)}</tr>
        </thead>
        <tbody>
          {props.rows.length === 0
            ? <tr><td class="empty" colspan={props.columns.length}>{props.empty}</td></tr>
            : props.rows.map((row) => <tr>{props.columns.map((c) => <td class={c.numeric ? 'numeric' : undefined}>{row[c.key]}</td>)}</tr>)}
        </tbody>
      </table>
    </div>
  );
}

/** A list of form errors at the top of a form, each linking to its field; renders nothing when empty. */
export function ErrorSummary(props: { title: string; form?: string; errors: readonly { field: string; message: string }[] }): Html {
  if (props.errors.length === 0) return <></>;
  const titleId = props.form === undefined ? 'error-summary-title' : `error-summary-title-${props.form}`;
  return (
    <div class="error-summary" role="alert" aria-labelledby={titleId} tabindex="-1">
      <h2 id={titleId}>{props.title}</h2>
      <ul>{props.errors.map((e) => <li><a href={`#${fieldId(e.field, props.form)}`}>{e.message}</a></li>)}</ul>
    </div>
  );
}

/** A message box; errors are announced assertively, everything else politely. */
export function Alert(props: { kind: 'success' | 'error' | 'info' | 'warning'; children?: Child }): Html {
  const role = props.kind === 'error' ? 'alert' : 'status';
  return <div class={`alert alert-${props.kind}`} role={role}>{props.children}</div>;
}

/** A titled panel; pick the heading level that fits the page outline. */
export function Card(props: { title?: string; level?: 2 | 3; id?: string; children?: Child }): Html {
  const heading = props.title === undefined ? null : props.level === 3 ? <h3 class="card-title">{props.title}</h3> : <h2 class="card-title">{props.title}</h2>;
  return <section class="card" id={props.id}>{heading}{props.children}</section>;
}

/** The page's single h1 with an optional lead paragraph. */
export function PageHeader(props: { title: string; lead?: string; children?: Child }): Html {
  return (
    <div class="page-header">
      <h1>{props.title}</h1>
      {props.lead ? <p class="lead">{props.lead}</p> : null}
      {props.children}
    </div>
  );
}

/** A short status label; the tone is conveyed by text as well as colour. */
export function Badge(props: { tone: 'neutral' | 'info' | 'success' | 'warning' | 'danger'; children?: Child }): Html {
  return <span class={`badge badge-${props.tone}`}>{props.children}</span>;
}

/** Previous/next page links; renders nothing when there is neither. */
export function Pagination(props: { locale: Locale; first?: string | undefined; prev?: string | undefined; next?: string | undefined }): Html {
  if (!props.first && !props.prev && !props.next) return <></>;
  const t = (key: 'paginationLabel' | 'paginationFirst' | 'paginationPrev' | 'paginationNext'): string => shellMessage(props.locale, key);
  return (
    <nav class="pagination" aria-label={t('paginationLabel')}>
      {props.first ? <a class="button button-secondary" href={props.first}>← {t('paginationFirst')}</a> : null}
      {props.prev ? <a class="button button-secondary" rel="prev" href={props.prev}>← {t('paginationPrev')}</a> : null}
      {props.next ? <a class="button button-secondary" rel="next" href={props.next}>{t('paginationNext')} →</a> : null}
    </nav>
  );
}

/** Term/description pairs, e.g. the facts of a report or case. */
export function DefinitionList(props: { items: readonly { term: string; description: Child }[] }): Html {
  return (
    <dl class="definition-list">
      {props.items.map((item) => <div class="definition"><dt>{item.term}</dt><dd>{item.description}</dd></div>)}
    </dl>
  );
}
