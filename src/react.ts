/**
 * `@pilotstatus/connect-element/react`: `<PilotstatusConnect>`, a React component made with `@lit/react`,
 * with `onPaired`, `onError`, `onExpired` and `onReady` props for the four events. React 19 can also render the bare
 * `<pilotstatus-connect>` (see `@pilotstatus/connect-element/jsx-react` for its types); this wrapper adds
 * camel-case event props, forwards `ref` to the element, and works on React 18 too.
 *
 * dist/react.js carries its own copy of `@lit/react` (a few hundred bytes), so the package depends on Lit
 * alone and React stays an optional peer: only apps that import this entry need it.
 */
import * as React from 'react';
import {createComponent, type EventName} from '@lit/react';
import type {ConnectErrorDetail, ExpiredDetail, PairedDetail, ReadyDetail} from './events.js';
import {PilotstatusConnect as PilotstatusConnectElement} from './define.js';
// Whoever uses the wrapper gets the JSX typings of the bare tag as well.
export type {} from './jsx-react.js';

/** The props of {@link PilotstatusConnect}: the element's properties, its events, and React's HTML props. */
export interface PilotstatusConnectProps extends Omit<React.HTMLAttributes<PilotstatusConnectElement>, 'onError'> {
  /** The remote-pairing token (a UUID) your backend got from `POST /v1/numbers/remote-pairing`. */
  token?: string | null;
  /** Where Connect lives; default `https://connect.pilotstatus.com.br`. */
  baseUrl?: string | null;
  /** A URL on the page's origin that mints a pairing link, used when there is no `token` and to renew it. */
  tokenUrl?: string | null;
  /** Go to Connect's `redirectUrl` after pairing (unless `onPaired` calls `preventDefault()`). */
  redirect?: boolean;
  /** White-label parameters for the Connect page. */
  branding?: string | Record<string, string | number | boolean> | null;
  /** Milliseconds to wait for the Connect page before an error with code `timeout`. */
  timeout?: number | null;
  /** Explain ignored messages with `console.debug`. */
  debug?: boolean;
  /** `pilotstatus-paired`: `event.detail` is `{numberId?, redirectUrl?}`. */
  onPaired?: (event: CustomEvent<PairedDetail>) => void;
  /** `pilotstatus-error`: `event.detail` is `{code, message}`. */
  onError?: (event: CustomEvent<ConnectErrorDetail>) => void;
  /** `pilotstatus-expired`: mint a new token (with `tokenUrl`, `event.detail.renewing` says the element does). */
  onExpired?: (event: CustomEvent<ExpiredDetail>) => void;
  /** `pilotstatus-ready`: the Connect page loaded or first spoke (once per frame document). */
  onReady?: (event: CustomEvent<ReadyDetail>) => void;
}

// Spelled out with React's own types rather than inferred: the inferred type names `@lit/react`, which is
// bundled into dist/react.js and so not installed in the apps that use it.
export const PilotstatusConnect: React.ForwardRefExoticComponent<
  PilotstatusConnectProps & React.RefAttributes<PilotstatusConnectElement>
> = createComponent({
  react: React,
  tagName: 'pilotstatus-connect',
  elementClass: PilotstatusConnectElement,
  events: {
    onPaired: 'pilotstatus-paired' as EventName<CustomEvent<PairedDetail>>,
    onError: 'pilotstatus-error' as EventName<CustomEvent<ConnectErrorDetail>>,
    onExpired: 'pilotstatus-expired' as EventName<CustomEvent<ExpiredDetail>>,
    onReady: 'pilotstatus-ready' as EventName<CustomEvent<ReadyDetail>>,
  },
  displayName: 'PilotstatusConnect',
});
