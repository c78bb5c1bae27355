/**
 * `@pilotstatus/connect-element/jsx-react` (types only): `<pilotstatus-connect>` in React 19's JSX, with its
 * properties, its `base-url` attribute and typed `onpilotstatus-*` event props (React 19 adds a listener
 * for `on<event>` props of custom elements).
 *
 * Why a separate entry rather than the main one: augmenting `react` from dist/index.d.ts would make every
 * user without `@types/react` (Vue, Angular, Svelte, plain pages) fail to compile with "cannot find module
 * 'react'". Only this file names React; load it with `import type {} from '@pilotstatus/connect-element/jsx-react'`
 * or `"types": ["@pilotstatus/connect-element/jsx-react"]` in tsconfig.json. The React wrapper loads it for you.
 */
import type {DetailedHTMLProps, HTMLAttributes} from 'react';
import type {PilotstatusConnectInputs, PilotstatusConnectOnEventProps} from './types.js';
import type {PilotstatusConnect} from './pilotstatus-connect.js';

/** What the tag takes in JSX, beyond React's HTML props. */
export interface PilotstatusConnectJsxProps extends PilotstatusConnectInputs, PilotstatusConnectOnEventProps {}

/** Everything `<pilotstatus-connect>` takes in React's JSX. */
export type PilotstatusConnectJsx = DetailedHTMLProps<HTMLAttributes<PilotstatusConnect>, PilotstatusConnect> &
  PilotstatusConnectJsxProps;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'pilotstatus-connect': PilotstatusConnectJsx;
    }
  }
}
