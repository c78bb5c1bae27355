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

type Fields = Record<string, unknown>;

// Structured clone gives us objects of this realm; anything that is not a plain object or a
// null-prototype object (arrays, Dates, Maps, Blobs, class instances of a same-origin sender) is refused.
function isPlainObject(value: unknown): value is Fields {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
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
 * - `connect:paired`: `numberId` an optional string; `redirectUrl` is kept (normalised) only when it is
 *   an absolute `https:` URL (or `http:` on loopback), otherwise dropped while the pairing still arrives.
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
      if (numberId === null) return null;
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
 * Why {@link parseConnectMessage} refused `data`, for the element's `debug` output. Never throws.
 */
export function explainRejection(data: unknown): string {
  try {
    if (!isPlainObject(data)) return 'the data is not a plain object';
    const type = own(data, 'type');
    // Only these three types can fail on a field (connect:expired has none).
    const field =
      type === 'connect:paired' ? 'numberId' : type === 'connect:error' ? 'message' : type === 'resize' ? 'height' : '';
    if (field) return `"${field}" of ${type as string} has the wrong type or value: ${typeof own(data, field)}`;
    return `"type" is not one of ${MESSAGE_TYPES.join(', ')}`;
  } catch {
    return 'reading the data threw';
  }
}
