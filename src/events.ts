/**
 * The events `<pilotstatus-connect>` dispatches, with typed `detail`, and their entries in the global
 * event map so `el.addEventListener('pilotstatus-paired', (e) => e.detail.numberId)` type-checks.
 */

/** `detail` of `pilotstatus-paired`. Only the fields Connect sent (and that passed the checks) are present. */
export interface PairedDetail {
  /** The id of the connected number in PilotStatus. */
  numberId?: string;
  /** Where Connect suggests sending the user next: always an absolute `https:` URL (or `http:` on loopback). */
  redirectUrl?: string;
}

/** What went wrong, as `detail.code` of `pilotstatus-error`. */
export type ErrorCode =
  | 'connect-error'
  | 'invalid-token'
  | 'invalid-base-url'
  | 'invalid-branding'
  | 'csp-blocked'
  | 'timeout'
  | 'token-fetch-failed'
  | 'load-failed'
  | 'trusted-types-blocked';

/** `detail` of `pilotstatus-error`. */
export interface ConnectErrorDetail {
  /** A stable code to branch on. */
  code: ErrorCode;
  /** A human sentence, at most 1,000 characters. */
  message: string;
}

/**
 * `detail` of `pilotstatus-expired`: empty, unless the element has a `token-url`, in which case `renewing`
 * says whether it is fetching a new link and will show it by itself.
 */
export interface ExpiredDetail {
  renewing?: boolean;
}

/** `detail` of `pilotstatus-ready`: empty. */
export type ReadyDetail = Record<string, never>;

declare global {
  interface HTMLElementEventMap {
    'pilotstatus-paired': CustomEvent<PairedDetail>;
    'pilotstatus-error': CustomEvent<ConnectErrorDetail>;
    'pilotstatus-expired': CustomEvent<ExpiredDetail>;
    'pilotstatus-ready': CustomEvent<ReadyDetail>;
  }
  // The events bubble and are composed, so listeners on document, window or a shadow root get them too:
  // this map is the one Document, Window and ShadowRoot's event maps all extend.
  interface GlobalEventHandlersEventMap {
    'pilotstatus-paired': CustomEvent<PairedDetail>;
    'pilotstatus-error': CustomEvent<ConnectErrorDetail>;
    'pilotstatus-expired': CustomEvent<ExpiredDetail>;
    'pilotstatus-ready': CustomEvent<ReadyDetail>;
  }
}
