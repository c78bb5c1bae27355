/**
 * Registers `<pilotstatus-connect>`. Guarded so that two copies on one page (the bundled file beside
 * embed.js, or a CDN copy beside an npm one) do not throw: the first definition wins.
 */
import {PilotstatusConnect} from './pilotstatus-connect.js';

export {PilotstatusConnect};

if (typeof customElements !== 'undefined' && !customElements.get('pilotstatus-connect')) {
  customElements.define('pilotstatus-connect', PilotstatusConnect);
}

declare global {
  interface HTMLElementTagNameMap {
    'pilotstatus-connect': PilotstatusConnect;
  }
}
