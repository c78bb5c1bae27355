// Vue 3: the GlobalComponents entry that Volar / vue-tsc use to check `<pilotstatus-connect>` in templates.
// `@pilotstatus-paired="…"` in a template is the `onPilotstatusPaired` prop; here the same entry is checked
// through h(), which reads the component's props the same way.
import {h, type GlobalComponents} from 'vue';
import type {} from '../../src/vue.js';

declare const Connect: GlobalComponents['pilotstatus-connect'];

export const vnode = h(Connect, {
  token: crypto.randomUUID(),
  'base-url': 'https://connect.example',
  onPilotstatusPaired: (e) => e.detail.numberId?.toUpperCase(),
  onPilotstatusError: (e) => e.detail.code,
  onPilotstatusExpired: (e) => Object.keys(e.detail),
});
export const withProperty = h(Connect, {token: null, baseUrl: 'https://connect.example'});

// @ts-expect-error numberID is not a field of PairedDetail (numberId is)
export const misspelt = h(Connect, {onPilotstatusPaired: (e) => e.detail.numberID});
