/**
 * `@pilotstatus/connect-element/jsx-preact` (types only): `<pilotstatus-connect>` in Preact's JSX, with its
 * properties, its `base-url` attribute and typed `onpilotstatus-*` event props (Preact adds a listener for
 * `on<event>` props it does not know).
 *
 * A separate entry, like `jsx-react`, so that users without Preact are not asked for its types. Load it with
 * `import type {} from '@pilotstatus/connect-element/jsx-preact'`.
 */
import type {HTMLAttributes} from 'preact';
import type {PilotstatusConnectInputs, PilotstatusConnectOnEventProps} from './types.js';
import type {PilotstatusConnect} from './pilotstatus-connect.js';

/** Everything `<pilotstatus-connect>` takes in Preact's JSX. */
export type PilotstatusConnectPreactJsx = HTMLAttributes<PilotstatusConnect> &
  PilotstatusConnectInputs &
  PilotstatusConnectOnEventProps;

declare module 'preact' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'pilotstatus-connect': PilotstatusConnectPreactJsx;
    }
  }
}
