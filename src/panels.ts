/**
 * The loading indicator and the expired and error panels, as Lit templates: what the element shows over (or
 * instead of) the frame for a status. No state of its own.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {panelError, type Status} from './flow.js';
import type {Texts} from './i18n.js';

// Errors that a second attempt may fix get "Try again".
const RETRYABLE = new Set(['timeout', 'token-fetch-failed', 'load-failed']);

/**
 * What stands in the status region for `status`, in the texts `t`. `renewable`: the expired panel can offer
 * "Get a new link" (token-url, or a page that mints links itself). Panels are focusable (not in the tab order)
 * so that focus has somewhere to go when they replace what had it; the icon is decoration, the title and
 * sentence say it all.
 */
export function panel(
  status: Status,
  t: Texts,
  renewable: boolean,
  retry: () => void,
): TemplateResult | typeof nothing {
  if (status.state === 'loading') {
    return html`<div part="loading" class="box" tabindex="-1">
      <slot name="loading"><span class="skeleton"></span>${t.loading}</slot>
    </div>`;
  }
  const code = panelError(status);
  if (status.state !== 'expired' && !code) return nothing;
  const label = code ? RETRYABLE.has(code) && t.retry : renewable && t.renew;
  const {title, body} = code ? t.errors[code] : t.expired;
  const action = label ? html`<button part="retry-button" @click=${retry}>${label}</button>` : nothing;
  return html`<div part="panel" class="box" tabindex="-1">
    <slot name=${code ? 'error' : 'expired'}
      ><svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="12" cy="12" r="10" />
        <path d=${code ? 'M12 7v6m0 4h.01' : 'M12 7v5l3 2'} /></svg
      ><strong>${title}</strong>
      <p>${body}</p>
      ${action}</slot
    >
  </div>`;
}
