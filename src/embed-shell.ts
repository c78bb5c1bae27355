/**
 * The first module of `dist/embed.js`: `window.PilotStatus` before anything else runs. It imports nothing.
 *
 * Lit creates its Trusted Types policy, `lit-html`, as it is evaluated. On a page whose `trusted-types`
 * directive does not allow that name (`'none'`, a list without it), or allows it once and another copy of Lit
 * took it first, `createPolicy` throws and the rest of this script never runs: without this module the page
 * would find `PilotStatus` undefined and nothing saying why. So the global comes first, with an `open()` and
 * a `mount()` that report the cause through `onError`; the script's last module replaces them with the real
 * ones. A classic script's uncaught exception fires `error` on the window synchronously, before any other
 * script runs, so an `error` between this module and the last one is this script's own (even when the
 * browser hides the details of an error from a script on another origin).
 */
import type {ConnectHandle, ConnectOptions} from './drop-in.js';

type PilotStatusGlobal = NonNullable<Window['PilotStatus']>;

/** The directive that lets the element load, whatever else the page's policy allows. */
const DIRECTIVE = "trusted-types lit-html 'allow-duplicates'";

let failure: {code: 'trusted-types-blocked' | 'load-failed'; message: string} | undefined;

// Another copy of this script (or the SDK's other products) may have set PilotStatus already: extend it
// instead of replacing it, so loading embed.js twice neither throws nor breaks handles already given out.
// Only a plain object is the SDK's own: `<form id="PilotStatus"><input name="connect">` (HTML injection is
// enough) makes window.PilotStatus a DOM node whose `connect` is an input, and it is replaced, not extended.
const existing: unknown = window.PilotStatus;
const proto: unknown = typeof existing === 'object' && existing !== null ? Object.getPrototypeOf(existing) : undefined;
const PilotStatus = (proto === Object.prototype || proto === null ? existing : {}) as PilotStatusGlobal;
if (typeof PilotStatus.init !== 'function') PilotStatus.init = () => PilotStatus;
window.PilotStatus = PilotStatus;

function failed(options: ConnectOptions | undefined): ConnectHandle {
  let live = true;
  const {code, message} = failure ?? {code: 'load-failed', message: 'PilotStatus: embed.js failed to load.'};
  // After the call returns, as the element's own errors are: the caller holds the handle first.
  queueMicrotask(() => live && options?.onError?.({code, message}));
  return {
    // Never upgraded (the element could not be defined), but it is an element, so reading it does not throw.
    element: document.createElement('pilotstatus-connect') as ConnectHandle['element'],
    destroy: () => void (live = false),
  };
}

// A working connect from an earlier copy stays: this copy may be the one whose Lit is refused.
if (typeof PilotStatus.connect?.open !== 'function') {
  PilotStatus.connect = {open: failed, mount: (_target, options) => failed(options)};
}

function onError(event: ErrorEvent): void {
  removeEventListener('error', onError);
  const reason = event.error instanceof Error ? event.error.message : event.message;
  // What Lit does first is create its policy, and Trusted Types refusals name it. An error from a script on
  // another origin comes without its message: where Trusted Types exist, they are the cause to name.
  const blocked = 'trustedTypes' in window && (!(event.error instanceof Error) || /polic/i.test(reason));
  const message = blocked
    ? `PilotStatus: add ${DIRECTIVE} to this page's Content-Security-Policy: Lit could not create its Trusted Types policy (${reason}).`
    : `PilotStatus: embed.js failed to load (${reason}).`;
  failure = {code: blocked ? 'trusted-types-blocked' : 'load-failed', message};
  console.error(message);
}
addEventListener('error', onError);

/** The real `open()` and `mount()`: this script loaded to its end. */
export function loaded(connect: PilotStatusGlobal['connect']): void {
  removeEventListener('error', onError);
  PilotStatus.connect = connect;
}
