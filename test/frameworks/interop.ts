// Shared by the framework interop tests: load a bundled harness, and watch which listeners a component leaves
// behind. (Waiting is ../helpers.ts's until().)
import {expect} from '@open-wc/testing';
import {EVENTS} from '../helpers.js';

/** Imports `/__harness/<name>.js` (see web-test-runner.config.mjs), typed by the caller. */
export function loadHarness<T>(name: string): Promise<T> {
  return import(/* @vite-ignore */ `/__harness/${name}.js` as string) as Promise<T>;
}

interface Live {
  target: EventTarget;
  type: string;
  listener: EventListenerOrEventListenerObject;
  capture: boolean;
}

const watched = new Set<string>([...EVENTS, 'message']);
const captureOf = (options?: boolean | EventListenerOptions) =>
  typeof options === 'boolean' ? options : Boolean(options?.capture);

/**
 * Counts the live `message` and `pilotstatus-*` listeners added from now on, on any target, until `stop()`:
 * what a mount added and its unmount did not take back.
 */
export function watchListeners(): {count: (target?: EventTarget) => number; stop: () => void} {
  const proto = EventTarget.prototype;
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  const live: Live[] = [];
  const find = (target: EventTarget, type: string, listener: EventListenerOrEventListenerObject, capture: boolean) =>
    live.findIndex((l) => l.target === target && l.type === type && l.listener === listener && l.capture === capture);
  proto.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    const capture = captureOf(options);
    if (listener && watched.has(type) && find(this, type, listener, capture) < 0) {
      live.push({target: this, type, listener, capture});
    }
    return add.call(this, type, listener, options);
  };
  proto.removeEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ) {
    const index = listener ? find(this, type, listener, captureOf(options)) : -1;
    if (index >= 0) live.splice(index, 1);
    return remove.call(this, type, listener, options);
  };
  return {
    count: (target) => live.filter((l) => target === undefined || l.target === target).length,
    stop: () => {
      proto.addEventListener = add;
      proto.removeEventListener = remove;
    },
  };
}

/**
 * After a framework unmounted the element: the frame and its document are gone, the window has no message
 * listener left, and nothing but the detached element itself may still hold a listener (frameworks drop the
 * node without removing the handlers they put on it; those can never run again).
 */
export function expectCleanUnmount(
  el: Element,
  frame: HTMLIFrameElement,
  listeners: {count: (target?: EventTarget) => number},
): void {
  expect(el.isConnected).to.equal(false);
  expect(frame.isConnected).to.equal(false);
  expect(frame.contentWindow, 'the Connect document is gone').to.equal(null);
  expect(listeners.count(window), 'message listeners left on window').to.equal(0);
  expect(listeners.count() - listeners.count(el), 'listeners left outside the detached element').to.equal(0);
}
