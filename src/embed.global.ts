/**
 * The entry of `dist/embed.js`, the classic-script drop-in for the existing SDK:
 * `<script src=".../embed.js"></script>` then `PilotStatus.init()` and `PilotStatus.connect.open({...})` or
 * `.mount("#selector", {...})`, exactly as before, now backed by `<pilotstatus-connect>`.
 */
// First: it defines window.PilotStatus before Lit runs, since Lit can throw as it loads (embed-shell.ts).
import {loaded} from './embed-shell.js';
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

loaded({open, mount});
