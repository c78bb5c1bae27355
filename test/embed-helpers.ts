// Helpers of the drop-in's tests (test/embed.test.ts, test/drop-in.test.ts): dist/embed.js loaded the way its
// users load it (a plain <script src>), and viewports of an exact size for the modal.
import {expect} from '@open-wc/testing';
import type {ConnectHandle, ConnectOptions} from '../src/drop-in.js';

export interface PilotStatusApi {
  init(): PilotStatusApi;
  connect: {
    open(options: ConnectOptions): ConnectHandle;
    mount(target: string | Element, options: ConnectOptions): ConnectHandle;
  };
}
export type EmbedWindow = Window & typeof globalThis & {PilotStatus: PilotStatusApi};

export function loadClassic(src: string, doc = document): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} failed to load: run npm run build first`));
    doc.head.append(script);
  });
}

/**
 * A viewport of exactly `width` × `height`: a same-origin frame of that size with its own dist/embed.js. Not
 * setViewport() from @web/test-runner-commands: it cannot size WebKit's window (driven through WebDriver), and
 * WebKitGTK's MiniBrowser window cannot get narrower than its toolbar (447 px) anyway. A fresh document also
 * keeps WebKit from sizing the dialog with viewport units of an earlier, larger window (README, Browser support).
 * `html` is the page's root start tag (its lang, a colour scheme), `body` its content.
 */
export async function viewport(
  width: number,
  height: number,
  {html = '<html lang="en">', body = ''}: {html?: string; body?: string} = {},
): Promise<{win: EmbedWindow; remove: () => void}> {
  const frame = document.createElement('iframe');
  frame.className = 'viewport';
  frame.style.cssText = `width: ${width}px; height: ${height}px; border: 0; display: block`;
  document.body.append(frame);
  const win = frame.contentWindow as EmbedWindow;
  win.document.open();
  win.document.write(`<!doctype html>${html}<head><title>viewport</title></head><body>${body}</body></html>`);
  win.document.close();
  await loadClassic('/dist/embed.js', win.document);
  expect([win.innerWidth, win.innerHeight]).to.deep.equal([width, height]);
  return {win, remove: () => frame.remove()};
}

/** The modal's `<dialog>` of a handle `open()` returned. */
export const dialogOf = (handle: ConnectHandle): HTMLDialogElement => handle.element.closest('dialog')!;

/** A part of the modal, by name. */
export const modalPart = (handle: ConnectHandle, name: string): HTMLElement =>
  (handle.element.getRootNode() as ShadowRoot).querySelector<HTMLElement>(`[part~="${name}"]`)!;
