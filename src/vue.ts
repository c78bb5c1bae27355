/**
 * `@pilotstatus/connect-element/vue` (types only): `<pilotstatus-connect>` as an entry of Vue's
 * `GlobalComponents`, so Volar / vue-tsc check `token`, `base-url` and `@pilotstatus-paired="(e) => …"`
 * in templates. At run time Vue needs `isCustomElement` for the tag (see the README).
 *
 * A separate entry, like `jsx-react`, so that users without Vue are not asked for its types. Load it with
 * `import type {} from '@pilotstatus/connect-element/vue'` in a file of the app's program (its
 * `src/main.ts`, or a `.d.ts` of its own), or list it in tsconfig's `types`.
 */
import type {DefineComponent} from 'vue';
import type {ConnectErrorDetail, ExpiredDetail, PairedDetail, ReadyDetail} from './events.js';
import type {PilotstatusConnectInputs} from './types.js';

/** The tag's props as Vue sees them: `@pilotstatus-paired` in a template is `onPilotstatusPaired`. */
export interface PilotstatusConnectVueProps extends PilotstatusConnectInputs {
  onPilotstatusPaired?: (event: CustomEvent<PairedDetail>) => void;
  onPilotstatusError?: (event: CustomEvent<ConnectErrorDetail>) => void;
  onPilotstatusExpired?: (event: CustomEvent<ExpiredDetail>) => void;
  onPilotstatusReady?: (event: CustomEvent<ReadyDetail>) => void;
}

declare module 'vue' {
  interface GlobalComponents {
    'pilotstatus-connect': DefineComponent<PilotstatusConnectVueProps>;
  }
}
