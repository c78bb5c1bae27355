// Reference model of the message contract, for the property and model tests: what a
// `<pilotstatus-connect>` must make of a message, a token and a `redirectUrl`. Written from what the README
// promises users, not from src/ (the property tests hold the parser to it, the model test the element):
// - "Who is heard", "What is passed on", "Tokens and URLs" and "Limits" in
//   [Security model](../README.md#security-model);
// - the details and codes in [Events](../README.md#events);
// - the height clamp in [Styling](../README.md#styling), and `{token}` or `{remotePairingUrl}` in
//   [`token-url`](../README.md#token-url).
// Nothing is shared with src/ (no regular expression, no helper), so a bug there cannot be copied here.

/** A `connect:*` or `resize` message as the contract says the element must understand it. */
export type ReferenceMessage =
  | {type: 'connect:paired'; numberId?: string; redirectUrl?: string}
  | {type: 'connect:error'; message: string}
  | {type: 'connect:expired'}
  | {type: 'resize'; height: number};

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** `redirectUrl` as the contract keeps it: an absolute https: URL, or http: on loopback, as the browser parses it. */
export function referenceRedirect(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const web = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname));
  return web ? url.href : undefined;
}

/** At most 1,000 UTF-16 code units, an ellipsis marking a cut, and never half of a surrogate pair at the cut. */
export function referenceClip(text: string): string {
  if (text.length <= 1000) return text;
  let kept = text.slice(0, 999);
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/**
 * Whether a `numberId` string is within the contract's limits: at most 256 UTF-16 code units, and no control
 * character: C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F), the line and paragraph separators
 * (U+2028, U+2029) and the Unicode Bidi_Control characters (U+061C, U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069). Spelled out code by code (no regular expression shared with src/).
 */
export function referenceNumberIdOk(numberId: string): boolean {
  if (numberId.length > 256) return false;
  for (let i = 0; i < numberId.length; i++) {
    const code = numberId.charCodeAt(i);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return false;
    if (code === 0x2028 || code === 0x2029 || code === 0x061c || code === 0x200e || code === 0x200f) return false;
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return false;
  }
  return true;
}

/**
 * What parseConnectMessage must make of `data`: `null` for anything but a plain (or null-prototype) object
 * whose own `type` is one of the four, with fields of the documented types. "Plain" by the prototype chain's
 * shape, so that an object of another realm counts: its prototype is null, or has a null prototype itself.
 * Optional strings may be absent, `undefined` or `null`; a wrong-typed `numberId` or `message`, or a
 * `numberId` past its limits ({@link referenceNumberIdOk}), voids the whole message; an unusable
 * `redirectUrl` is dropped while the pairing stays; a blank error message becomes `defaultMessage`.
 */
export function referenceMessage(data: unknown, defaultMessage: string): ReferenceMessage | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const proto: unknown = Object.getPrototypeOf(data);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return null;
  const field = (key: string): unknown =>
    Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined;
  const type = field('type');
  if (type === 'connect:expired') return {type};
  if (type === 'connect:paired') {
    const numberId = field('numberId');
    if (numberId !== undefined && numberId !== null && typeof numberId !== 'string') return null;
    if (typeof numberId === 'string' && !referenceNumberIdOk(numberId)) return null;
    const message: ReferenceMessage = {type};
    if (typeof numberId === 'string') message.numberId = numberId;
    const redirectUrl = referenceRedirect(field('redirectUrl'));
    if (redirectUrl !== undefined) message.redirectUrl = redirectUrl;
    return message;
  }
  if (type === 'connect:error') {
    const text = field('message');
    if (text === undefined || text === null) return {type, message: defaultMessage};
    if (typeof text !== 'string') return null;
    return {type, message: /^\s*$/.test(text) ? defaultMessage : referenceClip(text)};
  }
  if (type === 'resize') {
    const height = field('height');
    if (typeof height !== 'number' || Number.isNaN(height) || height < 0 || height === Infinity) return null;
    return {type, height: Math.min(Math.round(height), 10_000)};
  }
  return null;
}

/** The contract's token, spelled out character by character (no regular expression shared with src/). */
export function referenceToken(token: string): boolean {
  if (token.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const code = token.charCodeAt(i);
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    const hex = (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
    if (dash ? code !== 45 : !hex) return false;
  }
  return true;
}

/**
 * The UUID the contract finds in a `token` (or a token-url answer's field) given the checked base-url, or
 * `null`: a UUID as it is, or, with a base-url, the remotePairingUrl exactly as the API returns it, which is
 * the string `<base origin><base path without trailing slashes>/connect/<uuid>` and nothing else (so no
 * credentials, no other spelling of the same URL, nothing after the UUID).
 */
export function referenceTokenOf(value: unknown, base?: URL): string | null {
  if (typeof value !== 'string') return null;
  if (referenceToken(value)) return value;
  if (!base || value.length < 36) return null;
  const id = value.slice(-36);
  const expected = `${base.origin}${base.pathname.replace(/\/+$/, '')}/connect/${id}`;
  return referenceToken(id) && value === expected ? id : null;
}

/** The event a reference message becomes on the element (resize becomes none), as `record()` (./helpers.ts) records it. */
export function referenceEvent(message: ReferenceMessage | null): {type: string; detail: unknown} | null {
  if (!message) return null;
  switch (message.type) {
    case 'connect:paired': {
      const detail: Record<string, string> = {};
      if (message.numberId !== undefined) detail.numberId = message.numberId;
      if (message.redirectUrl !== undefined) detail.redirectUrl = message.redirectUrl;
      return {type: 'pilotstatus-paired', detail};
    }
    case 'connect:error':
      return {type: 'pilotstatus-error', detail: {code: 'connect-error', message: message.message}};
    case 'connect:expired':
      return {type: 'pilotstatus-expired', detail: {}};
    default:
      return null;
  }
}
