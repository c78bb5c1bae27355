/**
 * `@pilotstatus/connect-element/svelte` (types only): `<pilotstatus-connect>` in Svelte 5 templates, so
 * svelte-check knows its properties, its `base-url` attribute and the typed `onpilotstatus-*` handlers (Svelte 5
 * adds a listener for `on<event>` attributes), plus `on:pilotstatus-*` for components in legacy mode.
 *
 * A separate entry, like `jsx-react`, so that users without Svelte are not asked for its types. Load it with
 * `import type {} from '@pilotstatus/connect-element/svelte'` in a component's `<script lang="ts">`, or in a
 * `.d.ts` of the app (e.g. `src/app.d.ts` in SvelteKit, `src/vite-env.d.ts` in Vite).
 */
import type {HTMLAttributes} from 'svelte/elements';
import type {ConnectErrorDetail, ExpiredDetail, PairedDetail, ReadyDetail} from './events.js';
import type {PilotstatusConnectInputs} from './types.js';
import type {PilotstatusConnect} from './pilotstatus-connect.js';

/** A handler of one of the element's events, as Svelte types its own (`currentTarget` is the element). */
type Handler<Detail> = (event: CustomEvent<Detail> & {currentTarget: EventTarget & PilotstatusConnect}) => unknown;

/** Everything `<pilotstatus-connect>` takes in a Svelte template, beyond Svelte's HTML attributes. */
export interface PilotstatusConnectSvelteProps extends HTMLAttributes<PilotstatusConnect>, PilotstatusConnectInputs {
  'onpilotstatus-paired'?: Handler<PairedDetail> | null;
  'onpilotstatus-error'?: Handler<ConnectErrorDetail> | null;
  'onpilotstatus-expired'?: Handler<ExpiredDetail> | null;
  'onpilotstatus-ready'?: Handler<ReadyDetail> | null;
  'on:pilotstatus-paired'?: Handler<PairedDetail> | null;
  'on:pilotstatus-error'?: Handler<ConnectErrorDetail> | null;
  'on:pilotstatus-expired'?: Handler<ExpiredDetail> | null;
  'on:pilotstatus-ready'?: Handler<ReadyDetail> | null;
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'pilotstatus-connect': PilotstatusConnectSvelteProps;
  }
}
