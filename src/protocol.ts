/**
 * The messages the Connect page posts to its parent, and the one function that turns an untrusted
 * `event.data` into one of them.
 *
 * Pure: no window, no document, no Lit. The element checks `event.source` and `event.origin` first;
 * this module only decides whether the data has a documented shape, and copies the documented fields
 * into a fresh object so nothing else from the sender (extra keys, `__proto__`, getters) gets through.
 */
import {safeRedirectUrl} from './urls.js';

/** `connect:paired`: the number is connected. */
export interface PairedMessage {
  type: 'connect:paired';
  numberId?: string;
  redirectUrl?: string;
}

/** `connect:error`: a failure the Connect page reports; the flow may go on. */
export interface ErrorMessage {
  type: 'connect:error';
  message: string;
}

/** `connect:expired`: the token (and its QR code) expired. */
export interface ExpiredMessage {
  type: 'connect:expired';
}

/** `resize`: the height in CSS pixels the Connect page wants. */
export interface ResizeMessage {
  type: 'resize';
  height: number;
}

/** Everything the Connect page may post. The mock Connect page builds its messages from these types. */
export type ConnectMessage = PairedMessage | ErrorMessage | ExpiredMessage | ResizeMessage;

/** The four `type` strings of the protocol. */
export const MESSAGE_TYPES = ['connect:paired', 'connect:error', 'connect:expired', 'resize'] as const;

/** The largest frame height honoured, in CSS pixels; a larger request is clamped to it. */
export const MAX_HEIGHT = 10_000;

/** The longest error message passed on, in UTF-16 code units (an ellipsis marks a cut). */
export const MAX_MESSAGE_LENGTH = 1_000;

/** Used when a `connect:error` arrives without a message: the failure is still worth reporting. */
export const DEFAULT_ERROR_MESSAGE = 'The Connect page reported an error.';

/**
 * The longest `numberId` accepted, in UTF-16 code units; a longer one makes the whole message ignored. An
 * identifier has no need of more, and a page may store or show it without a limit of its own.
 */
export const MAX_NUMBER_ID_LENGTH = 256;

// Characters a `numberId` must not contain: the message is then ignored, like any other malformed field.
// - C0 controls, DEL and C1 controls (U+0000–U+001F, U+007F, U+0080–U+009F): newlines and escapes forge
//   log lines and terminal output, NUL truncates in C-based back ends;
// - U+2028 and U+2029 (line and paragraph separators): line breaks too, for anything that splits lines the
//   Unicode way (and for JavaScript source a page may build from the value);
// - the Unicode Bidi_Control characters (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): they
//   reorder how the id and the text around it are shown ("Trojan Source"), so what a person reads in a
//   dashboard is not the id that was stored. An identifier has no use for any of them.
// Other invisible characters (U+200B, U+FEFF, …) are left alone: they neither break lines nor reorder text.
// eslint-disable-next-line no-control-regex -- finding control characters is what this expression is for
const FORBIDDEN_IN_NUMBER_ID = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

type Fields = Record<string, unknown>;

// A plain object, or a null-prototype one: its prototype is null, or is an `Object.prototype`, recognised by
// its shape (its own prototype is null) rather than by identity with this realm's, so data deserialized in
// another window's realm (an element moved into a same-origin popup or a Picture-in-Picture window) passes.
// Arrays, Dates, Maps, Blobs and class instances have a longer chain (or are arrays) and are refused.
function isPlainObject(value: unknown): value is Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

// Which limit a `numberId` string breaks, or undefined. Names the rule and the offending code point, never
// the value: it may be megabytes of markup.
function numberIdFault(numberId: string): Rejection | undefined {
  if (numberId.length > MAX_NUMBER_ID_LENGTH) return ['long', numberId.length, MAX_NUMBER_ID_LENGTH];
  const found = FORBIDDEN_IN_NUMBER_ID.exec(numberId);
  return found ? ['control', found[0].charCodeAt(0), found.index] : undefined;
}

// Only own properties count: an inherited `type` or `height` is never read, and a key named `__proto__`
// (which JSON.parse and structured clone create as an own property) is only ever a value we ignore.
function own(data: Fields, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;
}

// Optional string fields: absent, `undefined` or `null` mean "not sent"; any other non-string makes
// the whole message malformed.
const ABSENT = Symbol('absent');
function optionalString(data: Fields, key: string): string | typeof ABSENT | null {
  const value = own(data, key);
  if (value === undefined || value === null) return ABSENT;
  return typeof value === 'string' ? value : null;
}

/** Cuts `message` to {@link MAX_MESSAGE_LENGTH} without splitting a surrogate pair. */
export function clipMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  let end = MAX_MESSAGE_LENGTH - 1;
  const last = message.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${message.slice(0, end)}…`;
}

/**
 * Parses untrusted message data into a {@link ConnectMessage}, or returns `null` when it is not one of
 * the documented shapes with fields of the documented types. Never throws.
 *
 * - `connect:paired`: `numberId` an optional string of at most {@link MAX_NUMBER_ID_LENGTH} characters
 *   without control characters (C0, DEL, C1, U+2028/U+2029, bidi controls), or the whole message is
 *   ignored; `redirectUrl` is kept (normalised) only when it is an absolute `https:` URL (or `http:` on
 *   loopback), otherwise dropped while the pairing still arrives.
 * - `connect:error`: `message` a string, clipped to 1,000 characters (a generic sentence when absent or blank).
 * - `connect:expired`: no fields.
 * - `resize`: `height` a finite, non-negative number; rounded and clamped to {@link MAX_HEIGHT}.
 */
export function parseConnectMessage(data: unknown): ConnectMessage | null {
  // Structured-clone data cannot throw when read, but a synthetic MessageEvent dispatched by some other
  // script on the page can carry a Proxy whose traps do: that must not become our exception.
  try {
    return isPlainObject(data) ? parseFields(data) : null;
  } catch {
    return null;
  }
}

function parseFields(data: Fields): ConnectMessage | null {
  switch (own(data, 'type')) {
    case 'connect:paired': {
      const numberId = optionalString(data, 'numberId');
      if (numberId === null || (numberId !== ABSENT && numberIdFault(numberId))) return null;
      const message: PairedMessage = {type: 'connect:paired'};
      if (numberId !== ABSENT) message.numberId = numberId;
      // An unusable redirectUrl (of any type) is dropped, never the pairing itself: the number is connected.
      const redirectUrl = own(data, 'redirectUrl');
      const safe = typeof redirectUrl === 'string' ? safeRedirectUrl(redirectUrl) : undefined;
      if (safe !== undefined) message.redirectUrl = safe;
      return message;
    }
    case 'connect:error': {
      const text = optionalString(data, 'message');
      if (text === null) return null;
      const blank = text === ABSENT || text.trim() === '';
      return {type: 'connect:error', message: blank ? DEFAULT_ERROR_MESSAGE : clipMessage(text)};
    }
    case 'connect:expired':
      return {type: 'connect:expired'};
    case 'resize': {
      const height = own(data, 'height');
      if (typeof height !== 'number' || !Number.isFinite(height) || height < 0) return null;
      return {type: 'resize', height: Math.min(Math.round(height), MAX_HEIGHT)};
    }
    default:
      return null;
  }
}

/**
 * Why {@link parseConnectMessage} refused some data, as facts; `explain.ts`, loaded only with `debug`, puts them
 * into words (the sentences would otherwise ship in every page):
 * - `shape`: not a plain object; `threw`: reading it threw;
 * - `type`: its `type` is none of the protocol's `types`;
 * - `field`: a field of a known type has the wrong type or value (`value` is its `typeof`);
 * - `long`, `control`: `numberId` breaks a limit (its length, or a forbidden code point and its index).
 */
export type Rejection =
  | [why: 'shape' | 'threw']
  | [why: 'type', types: readonly string[]]
  | [why: 'field', type: string, field: string, value: string]
  | [why: 'long', length: number, limit: number]
  | [why: 'control', codePoint: number, index: number];

/** Why {@link parseConnectMessage} refused `data` (call it only then), for the element's `debug` output. Never throws. */
export function rejection(data: unknown): Rejection {
  try {
    if (!isPlainObject(data)) return ['shape'];
    const type = own(data, 'type');
    // Only these three types can fail on a field (connect:expired has none).
    const field =
      type === 'connect:paired' ? 'numberId' : type === 'connect:error' ? 'message' : type === 'resize' ? 'height' : '';
    if (!field) return ['type', MESSAGE_TYPES];
    const value = own(data, field);
    return (
      (field === 'numberId' && typeof value === 'string' && numberIdFault(value)) || [
        'field',
        type as string,
        field,
        typeof value,
      ]
    );
  } catch {
    return ['threw'];
  }
}
