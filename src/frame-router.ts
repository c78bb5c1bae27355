/**
 * One `message` listener per window, however many elements it holds: each frame's WindowProxy finds its
 * watcher in a Map, so routing costs the same for 1 or 500 elements, and a message from a window that is no
 * watched frame is dropped at once. The whole life of one frame's listening is one {@link Route} (Penpal's
 * WindowMessenger is the model): `watch()` starts it, `stop()` ends it.
 *
 * DOM, no Lit: it knows frames and windows, nothing about the element.
 */

const routes = new Map<MessageEventSource, FrameRoute>();
// Frames are keyed by their WindowProxy lazily, on the first message from a window not yet in the Map:
// reading contentWindow right after inserting a cross-site iframe costs Chromium several milliseconds,
// which would double the element's mount time. A WindowProxy stays the same for the frame's whole life.
const unkeyed = new Set<FrameRoute>();
const listeners = new Map<Window, number>();
// Routes with `debug` on: the one of a window also gets the messages no watched frame sent, to explain them.
const debugging = new Set<FrameRoute>();

function dispatch(event: MessageEvent): void {
  const source = event.source;
  if (source && !routes.has(source)) {
    for (const route of unkeyed) {
      const window = route.frame.contentWindow;
      if (window) {
        route.source = window;
        routes.set(window, route);
        unkeyed.delete(route);
      }
    }
  }
  const route = source && routes.get(source);
  if (route) return route.onMessage(event);
  // A message no watched frame sent is explained only when it can concern one element: when exactly one in
  // this window has `debug`. With several, every one of them would log every stray message of the page.
  const watchers = [...debugging].filter((watcher) => watcher.view === event.currentTarget);
  if (watchers.length === 1) watchers[0].onMessage(event);
}

/** A frame being listened to. */
export interface Route {
  /** The frame's WindowProxy, once it has posted: the `event.source` of everything it posts. */
  readonly source: Window | undefined;
  /** Also hear the messages no watched frame sent (for `debug` explanations). */
  debug: boolean;
  /** Stops listening; the window's listener goes with its last route. Safe to call twice. */
  stop(): void;
}

class FrameRoute implements Route {
  source: Window | undefined;
  private _stopped = false;

  constructor(
    readonly frame: HTMLIFrameElement,
    readonly view: Window,
    readonly onMessage: (event: MessageEvent) => void,
  ) {
    const count = listeners.get(view) ?? 0;
    if (count === 0) view.addEventListener('message', dispatch);
    listeners.set(view, count + 1);
    unkeyed.add(this);
  }

  get debug(): boolean {
    return debugging.has(this);
  }

  set debug(on: boolean) {
    if (on && !this._stopped) debugging.add(this);
    else debugging.delete(this);
  }

  stop(): void {
    if (this._stopped) return;
    this._stopped = true;
    unkeyed.delete(this);
    debugging.delete(this);
    if (this.source) routes.delete(this.source);
    const count = (listeners.get(this.view) ?? 1) - 1;
    if (count > 0) {
      listeners.set(this.view, count);
    } else {
      listeners.delete(this.view);
      this.view.removeEventListener('message', dispatch);
    }
  }
}

/**
 * Hands every message `frame`'s window posts to its own window to `onMessage`. `null` when the frame is in
 * no window (a detached document). `onMessage` still checks `event.source` against the frame as it is then.
 */
export function watch(frame: HTMLIFrameElement, onMessage: (event: MessageEvent) => void): Route | null {
  const view = frame.ownerDocument.defaultView;
  return view ? new FrameRoute(frame, view, onMessage) : null;
}
