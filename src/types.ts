/**
 * The element's inputs and states as plain types, declared once: the element, the flow, the React wrapper
 * and the JSX / Vue typings all use these. Pure: no Lit, no DOM.
 */
import type {ConnectErrorDetail, ExpiredDetail, PairedDetail, ReadyDetail} from './events.js';

/** Where the pairing flow is. `paired` and `expired` are final for a token. */
export type ConnectState = 'idle' | 'loading' | 'ready' | 'paired' | 'error' | 'expired';

/** White-label parameters for the Connect page: `key=value&…`, or an object (as a property). */
export type Branding = string | Record<string, string | number | boolean>;

/**
 * The element's inputs as templates and JSX spell them: the properties, and `base-url` as an attribute.
 * Shared by the framework type entries (`jsx-react`, `jsx-preact`, `vue`), which add their own event props.
 */
export interface PilotstatusConnectInputs {
  /** The remote-pairing token (set as a property by React 19, Preact and Vue). */
  token?: string | null;
  /** Where Connect lives, as a property. */
  baseUrl?: string | null;
  /** Where Connect lives, as an attribute. */
  'base-url'?: string;
  /** A URL on the page's origin that mints a pairing link, as a property. */
  tokenUrl?: string | null;
  /** The same, as an attribute. */
  'token-url'?: string;
  /** Go to Connect's `redirectUrl` after pairing. */
  redirect?: boolean;
  /** White-label parameters for the Connect page: `key=value&…`, or an object as a property. */
  branding?: Branding | null;
  /** Milliseconds to wait for the Connect page before `pilotstatus-error` `timeout` (default 30,000; 0 turns it off). */
  timeout?: number | null;
  /** Explain ignored messages with `console.debug`. */
  debug?: boolean;
}

/** The events as `on<event>` props, the way React 19 and Preact add listeners to custom elements. */
export interface PilotstatusConnectOnEventProps {
  'onpilotstatus-paired'?: (event: CustomEvent<PairedDetail>) => void;
  'onpilotstatus-error'?: (event: CustomEvent<ConnectErrorDetail>) => void;
  'onpilotstatus-expired'?: (event: CustomEvent<ExpiredDetail>) => void;
  'onpilotstatus-ready'?: (event: CustomEvent<ReadyDetail>) => void;
}
