/**
 * The entry of `dist/embed.js`, the classic-script drop-in for the existing SDK:
 * `<script src=".../embed.js"></script>` then `PilotStatus.init()` and `PilotStatus.connect.open({...})` or
 * `.mount("#selector", {...})`, exactly as before, now backed by `<pilotstatus-connect>`.
 */
import './define.js';
import {mount, open} from './drop-in.js';

interface PilotStatusGlobal {
  /** Kept for compatibility with the existing SDK: there is nothing to set up. Returns `PilotStatus`. */
  init(): PilotStatusGlobal;
  connect: {open: typeof open; mount: typeof mount};
}

declare global {
  interface Window {
    PilotStatus?: PilotStatusGlobal;
  }
}

// Another copy of this script (or the SDK's other products) may have set PilotStatus already: extend it
// instead of replacing it, so loading embed.js twice neither throws nor breaks handles already given out.
// Only a plain object is the SDK's own: `<form id="PilotStatus"><input name="connect">` (HTML injection is
// enough) makes window.PilotStatus a DOM node whose `connect` is an input, and it is replaced, not extended.
const existing: unknown = window.PilotStatus;
const proto: unknown = typeof existing === 'object' && existing !== null ? Object.getPrototypeOf(existing) : undefined;
const own = proto === Object.prototype || proto === null ? (existing as PilotStatusGlobal) : undefined;
const PilotStatus: PilotStatusGlobal = own ?? {init: () => PilotStatus, connect: {open, mount}};
PilotStatus.connect = {open, mount};
if (typeof PilotStatus.init !== 'function') PilotStatus.init = () => PilotStatus;
window.PilotStatus = PilotStatus;
