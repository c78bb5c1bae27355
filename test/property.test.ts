// Property-based tests of the pure functions (fast-check): the message parser against an independent
// reference of the contract (test/model.ts), and the token, base-url and redirectUrl checks against the
// invariants that keep the frame on the Connect origin and path. Each property runs RUNS times; a failure
// prints the seed and the shrunk counterexample (re-run with fc.assert(…, {seed, path}) to replay it).
import {expect} from '@open-wc/testing';
import fc from 'fast-check';
import {DEFAULT_ERROR_MESSAGE, MAX_HEIGHT, MAX_MESSAGE_LENGTH, parseConnectMessage} from '../src/protocol.js';
import {
  brandingQuery,
  buildFrameUrl,
  checkToken,
  isValidToken,
  parseBaseUrl,
  safeRedirectUrl,
  tokenFromResponse,
} from '../src/urls.js';
import {referenceClip, referenceMessage, referenceRedirect, referenceToken, referenceTokenOf} from './model.js';

const RUNS = 10_000;
/**
 * The runner's limit for one property. Its RUNS runs bound it, not the clock: the slowest (base-url) takes 6–7 s
 * alone, and well over the runner's 20 s on a busy 2-core machine (other engines' runs beside it).
 */
const PROPERTY_TIMEOUT_MS = 120_000;

const TYPES = ['connect:paired', 'connect:error', 'connect:expired', 'resize'] as const;
const FIELDS = ['type', 'numberId', 'redirectUrl', 'message', 'height'] as const;
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
/** A getter answer that means "throw when read". */
const THROW = Symbol('throw');

// ---- generators ----------------------------------------------------------------------------------------

/** Every character JavaScript's trim() removes, and two that look blank but are not (U+180E, U+200B). */
const blankChar = fc.constantFrom(
  ...[' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u2007', '\u200a', '\u2028', '\u2029'],
  ...['\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', '\u200b'],
);

/** Characters that change how a URL or a path is read, and look-alikes of them. */
const edgeChar = fc.constantFrom(
  ...['@', '\\', '/', '//', '%2f', '%2F', '%5c', '%2e', '%2E', '..', '.', '?', '#', ':', '[', ']', '%', '%00'],
  ...['%40', '\u0000', '\u007f', 'é', 'ß', 'İ', '\u212a', '\u017f', '\u3002', '\uff0e', '\uff20', '\uff0f'],
  ...['𝒳', '😀', '\ud800', '\udc00', '\u202e', '０', '٣', 'a', 'F', '-'],
);

/** Short strings made of edge characters, blanks, and random code points (lone surrogates included). */
const messy = fc
  .array(fc.oneof(edgeChar, blankChar, fc.string({unit: 'binary', maxLength: 3}), fc.string({maxLength: 4})), {
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

const blankString = fc.array(blankChar, {maxLength: 5}).map((parts) => parts.join(''));

/** Strings shaped like URLs, put together from parts that each hit an edge of the URL parser. */
const urlish = fc
  .tuple(
    fc.oneof({weight: 4, arbitrary: fc.constant('')}, blankString),
    fc.constantFrom(
      ...['https', 'https', 'http', 'http', 'HTTPS', 'HtTpS', 'hTTP', 'javascript', 'JavaScript', 'data', 'ftp'],
      ...['ws', 'wss', 'file', 'blob:https', 'about', 'vbscript', 'httpss', 'h\ttps', 'ht\ntp', 'https%3a', ''],
    ),
    fc.constantFrom('://', '://', '://', ':/', ':', ':\\\\', ':\\/', ':///', '//', ':/\\', ':////'),
    fc.constantFrom(
      ...['', '', '', '', 'user@', 'user:pass@', ':@', '@', 'a%40b@', 'connect.pilotstatus.com.br@'],
      ...['127.0.0.1@', 'localhost:8787@', 'evil.example\\@', 'evil.example%2f@'],
    ),
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc.constantFrom(
          ...['localhost', 'LOCALHOST', 'localhost.', 'LocalHost', '127.0.0.1', '127.1', '127.0.1', '0x7f.1'],
          ...['0177.0.0.1', '2130706433', '127.0.0.01', '[::1]', '[0:0:0:0:0:0:0:1]', '[0::1]', '[::ffff:127.0.0.1]'],
          ...['[::]', '0.0.0.0', '[::1', '::1', 'connect.pilotstatus.com.br', 'CONNECT.PilotStatus.com.br'],
          ...['proxy.example', '127.0.0.1.evil.localhost', 'localhost.evil.com', 'evil.com', 'exämple.com'],
          ...['example\u3002com', 'xn--nxasmq6b.example', '10.0.0.1', 'a..b', '', '%6c%6fcalhost', 'local%68ost'],
          ...['loc\u0430lhost', 'localhost\u200b', '127.0.0.1%00.evil', '[::1]:80@evil.com'],
        ),
      },
      fc.ipV6().map((ip) => `[${ip}]`),
      fc.ipV4(),
      fc.ipV4Extended(),
      fc.domain(),
    ),
    fc.constantFrom('', '', '', ':8787', ':443', ':80', ':0', ':65535', ':65536', ':', ':abc', ':08787', ': 80'),
    fc
      .array(
        fc.oneof(
          fc.constantFrom(
            ...['', 'ps', 'ps', '..', '.', '%2e%2e', '.%2E', '%2e', '%2f', '%2F', '\\', '@evil.com', 'connect'],
            ...['a b', 'ü', ';x', '%00', '//evil.com', 'connect/..', '%3F', '%23'],
          ),
          fc.webSegment(),
          messy,
        ),
        {maxLength: 4},
      )
      .map((segments) => (segments.length ? `/${segments.join('/')}` : '')),
    fc.constantFrom('', '', '', '/', '//', '?', '#', '?#', '?x=1', '#top', '/?', '\\', ' ', '\n', '\t'),
    fc.oneof({weight: 4, arbitrary: fc.constant('')}, blankString),
  )
  .map((parts) => parts.join(''));

/** Any string a page or a Connect page could hand over as a URL. */
const urlString = fc.oneof(
  {weight: 6, arbitrary: urlish},
  fc.webUrl({withQueryParameters: true, withFragments: true, validSchemes: ['http', 'https', 'HTTPS', 'ftp']}),
  fc.string({unit: 'binary', maxLength: 40}),
  messy,
);

/** Base URLs that are mostly accepted (about 85 %): web schemes on loopback or public hosts, with odd paths. */
const acceptable = fc
  .tuple(
    fc.constantFrom('https://', 'HTTPS://', 'http://', 'https:\\\\', 'https:/', 'Http://'),
    fc.constantFrom(
      ...['connect.pilotstatus.com.br', 'proxy.example', 'localhost', '127.0.0.1', '[::1]', '127.1'],
      ...['[0:0::1]', 'LOCALHOST', 'xn--bcher-kva.example', 'bücher.example', 'a.b.c.d.example'],
    ),
    fc.constantFrom('', ':8787', ':443', ':1', ':65535'),
    fc.array(
      fc.oneof(
        fc.constantFrom('', '', 'ps', '..', '.', '%2e%2e', '%2E.', '%2f', '\\', 'connect', 'a b', ';', '%3F', '%23'),
        fc.webSegment(),
        messy.map((s) => s.replace(/[?#]/g, '')),
      ),
      {maxLength: 5},
    ),
    fc.constantFrom('', '/', '//', '///', '\\'),
  )
  .map(([scheme, host, port, segments, tail]) => `${scheme}${host}${port}/${segments.join('/')}${tail}`);

/** UUIDs, in any case, and UUIDs with one edge character put in, swapped in or wrapped around. */
const tokenish = fc.oneof(
  fc.uuid(),
  fc.uuid().chain((id) => fc.mixedCase(fc.constant(id))),
  fc
    .tuple(fc.uuid(), fc.nat(36), fc.oneof(edgeChar, blankChar, fc.string({unit: 'binary', maxLength: 2})))
    .map(([id, at, extra]) => id.slice(0, at) + extra + id.slice(at)),
  fc
    .tuple(
      fc.uuid(),
      fc.nat(35),
      fc.oneof(edgeChar, blankChar, fc.string({unit: 'binary', minLength: 1, maxLength: 1})),
    )
    .map(([id, at, extra]) => id.slice(0, at) + extra + id.slice(at + 1)),
  fc.tuple(blankString, fc.uuid(), blankString).map((parts) => parts.join('')),
  fc.stringMatching(/^[0-9a-fA-F%./\\?#@-]{30,40}$/),
  messy,
);

/** Values an optional string field may hold: strings of every kind, and every other type. */
const fieldValue = fc.oneof(
  {weight: 5, arbitrary: fc.string({unit: 'binary', maxLength: 20})},
  {weight: 4, arbitrary: urlString},
  {weight: 2, arbitrary: blankString},
  {weight: 2, arbitrary: fc.constantFrom(null, undefined)},
  fc.string({unit: 'grapheme', minLength: 990, maxLength: 1010}),
  fc.double(),
  fc.integer({min: -5, max: 20_000}),
  fc.constantFrom(-0, 0.5, 2.5, 9_999.5, 10_000.4, 1e21, Number.MAX_VALUE, Number.MIN_VALUE, -Infinity),
  fc.boolean(),
  fc.bigInt(),
  fc.constantFrom(Object('x'), Object(300), Object(true), new Date(0), [], ['https://app.example'], {}),
  fc.constant({toString: () => 'https://app.example', valueOf: () => 300}),
  fc.anything({maxDepth: 1}),
);

/** The value of `type`: mostly the four, often near misses, sometimes anything at all. */
const typeValue = fc.oneof(
  {weight: 8, arbitrary: fc.constantFrom(...TYPES)},
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ...['Connect:paired', 'connect:Paired', 'connect:paired ', ' resize', 'connect:pwned', 'connect:', 'paired'],
      ...['RESIZE', 'connect:paired\u0000', 'connect\u200b:paired', 'connect:expired\n', '', 'type', 'toString'],
      ...['connect\uff1apaired', 'connect:error\u180e', '__proto__'],
    ),
  },
  fc.constant(Object('connect:paired')),
  fc.constant(['connect:paired']),
  fieldValue,
);

const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'detail', 'code', 'data'),
  fc.string({maxLength: 8}),
);

/** How the object is made: each way must be treated as the contract says (plain and null-prototype only). */
type Construction = 'plain' | 'null-proto' | 'json' | 'clone' | 'frozen' | 'getters' | 'inherited' | 'class' | 'array';

interface MessageLike {
  construction: Construction;
  entries: Array<[string, unknown]>;
}

/** Objects shaped like messages: a type, some of the documented fields, some others, built in many ways. */
const messageLike: fc.Arbitrary<MessageLike> = fc.record({
  construction: fc.constantFrom<Construction>(
    ...(['plain', 'plain', 'plain', 'null-proto', 'json', 'clone', 'frozen', 'getters'] as const),
    ...(['inherited', 'class', 'array'] as const),
  ),
  entries: fc
    .tuple(
      fc.option(typeValue, {nil: undefined, freq: 8}),
      fc.option(fieldValue, {nil: undefined, freq: 2}),
      fc.option(fieldValue, {nil: undefined, freq: 2}),
      fc.option(fieldValue, {nil: undefined, freq: 2}),
      fc.option(fc.oneof(fieldValue, fc.double({min: -10, max: 20_000})), {nil: undefined, freq: 2}),
      fc.array(fc.tuple(extraKey, fieldValue), {maxLength: 3}),
      fc.boolean(),
    )
    .map(([type, numberId, redirectUrl, message, height, extras, typeLast]) => {
      const known: Array<[string, unknown]> = [];
      // A field "present with the value undefined" differs from an absent one, so present means present.
      const values = [undefined, numberId, redirectUrl, message, height];
      FIELDS.forEach((key, i) => {
        if (i > 0 && values[i] !== undefined) known.push([key, values[i]]);
      });
      if (type !== undefined && typeLast) known.push(['type', type]);
      else if (type !== undefined) known.unshift(['type', type]);
      return [...known, ...extras];
    }),
});

function define(target: object, entries: Array<[string, unknown]>): void {
  // defineProperty, not assignment: a key named __proto__ becomes an own data property, as JSON.parse and
  // structured clone make it, instead of replacing the prototype.
  for (const [key, value] of entries) {
    Object.defineProperty(target, key, {value, enumerable: true, configurable: true, writable: true});
  }
}

/** Builds the object (or array, or class instance) a MessageLike describes. */
function build({construction, entries}: MessageLike): unknown {
  switch (construction) {
    case 'plain': {
      const data = {};
      define(data, entries);
      return data;
    }
    case 'null-proto': {
      const data = Object.create(null) as object;
      define(data, entries);
      return data;
    }
    case 'json': {
      const data = {};
      define(data, entries);
      try {
        return JSON.parse(JSON.stringify(data, (_key, value: unknown) => (typeof value === 'bigint' ? 0 : value)));
      } catch {
        return data;
      }
    }
    case 'clone': {
      const data = {};
      define(data, entries);
      try {
        return structuredClone(data);
      } catch {
        return data;
      }
    }
    case 'frozen': {
      const data = {};
      define(data, entries);
      return Object.freeze(data);
    }
    case 'getters': {
      // Stable getters: what a synthetic MessageEvent may carry. Each read gives the same value.
      const data = {};
      for (const [key, value] of entries) {
        Object.defineProperty(data, key, {get: () => value, enumerable: true, configurable: true});
      }
      return data;
    }
    case 'inherited': {
      // The fields on the prototype, not on the object: never read.
      const proto = {};
      define(proto, entries);
      return Object.create(proto) as object;
    }
    case 'class': {
      const data = new (class Message {
        readonly kind = 'a class instance';
      })();
      define(data, entries);
      return data;
    }
    case 'array': {
      const data: unknown[] = [];
      // An array's own `length` cannot be redefined as configurable: leave that one key out.
      define(
        data,
        entries.filter(([key]) => key !== 'length'),
      );
      return data;
    }
  }
}

/** Anything at all, in every flavour fast-check has, with keys that are often the protocol's own. */
const anyValue = fc.anything({
  key: fc.oneof(fc.constantFrom(...FIELDS, '__proto__', 'constructor'), fc.string({maxLength: 6})),
  values: [typeValue, fieldValue],
  maxDepth: 2,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withObjectString: true,
});

// ---- checks --------------------------------------------------------------------------------------------

/** Whether `href` is what a browser would navigate to and is https:, or http: on loopback. */
function isSafeHref(href: string): boolean {
  const url = new URL(href);
  return (
    url.href === href && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname)))
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What holds for every non-null result, whatever the input: only documented keys, of documented types. */
function expectWellFormed(result: unknown, input: unknown): void {
  if (result === null) return;
  expect(result).to.not.equal(input);
  expect(Object.getPrototypeOf(result)).to.equal(Object.prototype);
  const message = result as Record<string, unknown>;
  const keys = Object.keys(message).sort();
  expect(Object.getOwnPropertyNames(message).sort()).to.deep.equal(keys);
  switch (message.type) {
    case 'connect:paired':
      expect(keys.every((key) => ['numberId', 'redirectUrl', 'type'].includes(key))).to.equal(true);
      if ('numberId' in message) expect(message.numberId).to.be.a('string');
      if ('redirectUrl' in message) expect(isSafeHref(message.redirectUrl as string)).to.equal(true);
      break;
    case 'connect:error': {
      expect(keys).to.deep.equal(['message', 'type']);
      const text = message.message as string;
      expect(text).to.be.a('string');
      expect(text.length).to.be.within(1, MAX_MESSAGE_LENGTH);
      expect(text.trim()).to.not.equal('');
      break;
    }
    case 'connect:expired':
      expect(keys).to.deep.equal(['type']);
      break;
    case 'resize':
      expect(keys).to.deep.equal(['height', 'type']);
      expect(Number.isInteger(message.height)).to.equal(true);
      expect(message.height as number).to.be.within(0, MAX_HEIGHT);
      break;
    default:
      expect.fail(`unexpected type ${String(message.type)}`);
  }
}

/** Parses `data`, failing the property (instead of the runner) if the parser throws. */
function parse(data: unknown): unknown {
  try {
    return parseConnectMessage(data);
  } catch (error) {
    expect.fail(`parseConnectMessage threw ${String(error)}`);
  }
}

const reference = (data: unknown) => referenceMessage(data, DEFAULT_ERROR_MESSAGE);

function expectSameAsReference(data: unknown): void {
  const result = parse(data);
  expect(result).to.deep.equal(reference(data));
  expectWellFormed(result, data);
}

// Nothing the parser reads may end up on Object.prototype (a `__proto__` key merged into a fresh object).
let prototypeKeys: string[];
beforeEach(() => {
  prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
});
afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(prototypeKeys);
  expect(Object.getPrototypeOf({})).to.equal(Object.prototype);
});

// ---- properties ----------------------------------------------------------------------------------------

describe('parseConnectMessage() (property-based)', function () {
  this.timeout(PROPERTY_TIMEOUT_MS);
  it('agrees with the reference on message-shaped objects built every which way', () => {
    fc.assert(
      fc.property(messageLike, (like) => expectSameAsReference(build(like))),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('agrees with the reference on anything (boxed values, Maps, typed arrays, null prototypes, __proto__ keys)', () => {
    fc.assert(
      fc.property(anyValue, (data) => expectSameAsReference(data)),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('agrees with the reference on what JSON.parse and structured clone make of JSON values and messages', () => {
    const jsonMessage = messageLike.map((like) => {
      const data = {};
      define(data, like.entries);
      return JSON.stringify(data, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}` : value));
    });
    fc.assert(
      fc.property(fc.oneof(fc.json({maxDepth: 2}), jsonMessage), (json) => {
        const parsed: unknown = JSON.parse(json);
        expectSameAsReference(parsed);
        expectSameAsReference(structuredClone(parsed));
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('treats a transparent Proxy as its target, and never throws for one whose traps throw or is revoked', () => {
    const traps = ['getPrototypeOf', 'get', 'has', 'getOwnPropertyDescriptor', 'ownKeys', 'defineProperty'] as const;
    fc.assert(
      fc.property(messageLike, fc.subarray([...traps]), fc.boolean(), (like, throwing, revoke) => {
        const target = build(like);
        if (typeof target !== 'object' || target === null) return;
        expect(parse(new Proxy(target, {}))).to.deep.equal(parse(target));
        const handler: ProxyHandler<object> = {};
        for (const trap of throwing) {
          (handler as Record<string, unknown>)[trap] = () => {
            throw new Error(`${trap} trap`);
          };
        }
        const {proxy, revoke: doRevoke} = Proxy.revocable(target, handler);
        if (revoke) doRevoke();
        const result = parse(proxy);
        if (revoke) expect(result).to.equal(null);
        else if (result !== null) expect(result).to.deep.equal(parse(target));
        expectWellFormed(result, proxy);
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('never throws and returns only well-typed fields when getters change their value or throw on each read', () => {
    // A synthetic MessageEvent can carry getters that answer differently each time they are read (a string
    // when checked, an object when copied): whatever the parser keeps must still be of the right type.
    const answers = fc.array(fc.oneof(fieldValue, typeValue, fc.constant(THROW)), {minLength: 1, maxLength: 4});
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...FIELDS), answers), {minLength: 1, maxLength: 5}), (fields) => {
        const data = {};
        for (const [key, values] of fields) {
          let reads = 0;
          Object.defineProperty(data, key, {
            configurable: true,
            enumerable: true,
            get: () => {
              const value = values[reads++ % values.length];
              if (value === THROW) throw new Error('getter');
              return value;
            },
          });
        }
        expectWellFormed(parse(data), data);
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('clips error messages around 1,000 code units without splitting a surrogate pair it was given whole', () => {
    const unit = fc.constantFrom('a', ' ', 'é', '😀', '𝒳', '\ud83d', '\ude00', '\n', '\u3000');
    fc.assert(
      fc.property(fc.string({unit, minLength: 480, maxLength: 1100}), fc.string({maxLength: 3}), (body, head) => {
        const text = head + body;
        const result = parse({type: 'connect:error', message: text}) as {message: string};
        expect(result.message).to.equal(/^\s*$/.test(text) ? DEFAULT_ERROR_MESSAGE : referenceClip(text));
        expect(result.message.length).to.be.at.most(MAX_MESSAGE_LENGTH);
        if (text.length > MAX_MESSAGE_LENGTH) {
          expect(result.message.endsWith('…')).to.equal(true);
          expect(text.startsWith(result.message.slice(0, -1))).to.equal(true);
          expect(result.message.length).to.be.at.least(MAX_MESSAGE_LENGTH - 1);
        } else if (!/^\s*$/.test(text)) {
          expect(result.message).to.equal(text);
        }
        if (!LONE_SURROGATE.test(text)) expect(LONE_SURROGATE.test(result.message)).to.equal(false);
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('agrees with the reference on numberIds around 256 characters, with control characters and their neighbours', () => {
    // Every character the limit forbids, and the ones just outside each forbidden range (which must pass).
    const special = fc.constantFrom(
      ...['\u0000', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f'],
      ...['\u2028', '\u2029', '\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e'],
      ...['\u2066', '\u2067', '\u2068', '\u2069'],
      ...[' ', '~', '\u00a0', '\u00ff', '\u2027', '\u202f', '\u2065', '\u206a', '\u061b', '\u061d', '\u200d'],
      ...['\u200b', '\ufeff', '<', '"', '😀', '\ud800'],
    );
    const unit = fc.constantFrom('1', '9', 'a', 'Z', '_', '-', 'é', '😀');
    const numberId = fc
      .tuple(
        fc.oneof(fc.string({unit, maxLength: 12}), fc.string({unit, minLength: 250, maxLength: 262})),
        fc.array(fc.tuple(fc.nat(), special), {maxLength: 2}),
      )
      .map(([body, inserts]) =>
        inserts.reduce(
          (text, [at, char]) => text.slice(0, at % (text.length + 1)) + char + text.slice(at % (text.length + 1)),
          body,
        ),
      );
    fc.assert(
      fc.property(numberId, fc.boolean(), (id, json) => {
        const data = {type: 'connect:paired', numberId: id};
        expectSameAsReference(json ? (JSON.parse(JSON.stringify(data)) as unknown) : data);
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });
});

// ---- URLs ----------------------------------------------------------------------------------------------

/** A page origin that is sometimes the very origin the base-url would have, spelled as location.origin is. */
function pageOriginFor(value: unknown, pick: number): string {
  const others = ['https://saas.example', 'http://localhost:8000', 'http://127.0.0.1:8787', location.origin, 'null'];
  if (pick % 3 === 0 && typeof value === 'string') {
    try {
      return new URL(value).origin;
    } catch {
      // Not a URL: one of the others.
    }
  }
  return others[pick % others.length];
}

describe('tokens (property-based)', function () {
  this.timeout(PROPERTY_TIMEOUT_MS);
  it('isValidToken() accepts exactly 8-4-4-4-12 hex digits, any case', () => {
    fc.assert(
      fc.property(tokenish, (token) => {
        expect(isValidToken(token)).to.equal(referenceToken(token));
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('a token it accepts is a single path segment that no URL parser rewrites', () => {
    fc.assert(
      fc.property(tokenish.filter(isValidToken), (token) => {
        expect(encodeURIComponent(token)).to.equal(token);
        const url = new URL(`https://connect.example/connect/${token}`);
        expect(url.pathname).to.equal(`/connect/${token}`);
        expect(url.search + url.hash).to.equal('');
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('checkToken() never throws, and is ok exactly for strings isValidToken() accepts', () => {
    fc.assert(
      fc.property(fc.oneof(tokenish, fc.anything({withBoxedValues: true, withBigInt: true})), (value) => {
        const result = checkToken(value);
        const valid = typeof value === 'string' && referenceToken(value);
        expect(result.ok).to.equal(valid);
        if (result.ok) expect(result.token).to.equal(value);
        else expect(result.message).to.be.a('string').and.have.length.within(1, 400);
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });
});

describe('tokens given as the remotePairingUrl (property-based)', function () {
  this.timeout(PROPERTY_TIMEOUT_MS);
  /** A base-url parseBaseUrl() accepts, the UUID, and a spelling of `<base-url>/connect/<uuid>`, often bent. */
  const bent = fc.oneof(
    {weight: 3, arbitrary: fc.constant((url: string) => url)},
    fc.constant((url: string) => url.toUpperCase()),
    fc.constant((url: string) => url.replace('://', '://user:pass@')),
    fc.constant((url: string) => url.replace('://', '://user@')),
    fc.constant((url: string) => url.replace(/^https?:/, (scheme) => (scheme === 'https:' ? 'http:' : 'https:'))),
    fc.constant((url: string) => url.replace('/connect/', '/connect/x/')),
    fc.constant((url: string) => url.replace('/connect/', '/./connect/')),
    fc.constant((url: string) => url.replace('/connect/', '//connect/')),
    fc.constant((url: string) => url.replace('/connect/', '/Connect/')),
    fc.constant((url: string) => url.replace('/connect/', '/connect/%2e/')),
    fc.constant((url: string) => url.replace(/\/connect\/.*/, (rest) => `/ps${rest}`)),
    fc.constant((url: string) => url.replace(/\/[^/]*\/connect\//, '/connect/')),
    fc.constant((url: string) => url.replace(/^(https?:\/\/[^/]*)/, '$1:443')),
    fc.constant((url: string) => url.replace(/^(https?:\/\/[^/]*)/, '$1.')),
    fc.tuple(fc.nat(), fc.oneof(edgeChar, blankChar)).map(
      ([at, char]) =>
        (url: string) =>
          url.slice(0, at % (url.length + 1)) + char + url.slice(at % (url.length + 1)),
    ),
    fc
      .constantFrom('/', '?', '#', '?x=1', '#top', '/x', ' ', '%20', '\\', '.', '0', '\n')
      .map((tail) => (url: string) => url + tail),
  );
  const given = fc
    .tuple(acceptable, fc.uuid(), fc.boolean(), bent)
    .map(([base, id, upper, bend]) => {
      const result = parseBaseUrl(base, 'https://saas.example');
      const token = upper ? id.toUpperCase() : id;
      return result.ok ? {base: result.url, value: bend(buildFrameUrl(result.url, token)), token} : null;
    })
    .filter((x): x is {base: URL; value: string; token: string} => x !== null);

  it('checkToken(value, base) takes exactly <base-url>/connect/<uuid> as written by the API, and gives the UUID', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          {weight: 4, arbitrary: given},
          fc.record({base: given.map((g) => g.base), value: fc.oneof(tokenish, urlString), token: fc.constant('')}),
        ),
        ({base, value}) => {
          const expected = referenceTokenOf(value, base);
          const result = checkToken(value, base);
          expect(result.ok ? result.token : null).to.equal(expected, `${JSON.stringify(value)} on ${base.href}`);
          if (!result.ok) expect(result.message).to.be.a('string').and.have.length.within(1, 400);
          // What it accepts shows the very URL it was given (the frame adds only its query).
          if (result.ok && value !== result.token) expect(buildFrameUrl(base, result.token)).to.equal(value);
        },
      ),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('tokenFromResponse() reads {remotePairingUrl} and a URL in {token} by the same rule', () => {
    fc.assert(
      fc.property(given, fc.boolean(), ({base, value}, inToken) => {
        const body = inToken ? {token: value} : {remotePairingUrl: value};
        const result = tokenFromResponse(JSON.parse(JSON.stringify(body)), base);
        const expected = referenceTokenOf(value, base);
        // A bare UUID is a token, not a remotePairingUrl.
        const wanted = !inToken && expected === value ? null : expected;
        expect(result.ok ? result.token : null).to.equal(wanted, `${JSON.stringify(body)} on ${base.href}`);
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });
});

describe('base-url (property-based)', function () {
  this.timeout(PROPERTY_TIMEOUT_MS);
  // Mostly URL-like strings, of which about 3 % are accepted; `acceptable` makes sure that many values pass
  // the check, so that the invariants below hold for something.
  const baseValue = fc.oneof(
    {weight: 6, arbitrary: acceptable},
    {weight: 6, arbitrary: urlString},
    fc.anything({maxDepth: 1}),
  );

  it('never throws, and accepts only https:, or http: on loopback, without credentials, query, fragment or the page origin', () => {
    fc.assert(
      fc.property(baseValue, fc.nat(), (value, pick) => {
        const page = pageOriginFor(value, pick);
        const result = parseBaseUrl(value, page);
        if (!result.ok) expect(result.message).to.be.a('string').and.not.equal('');
        // A refusal was checked above; the rest needs an accepted URL. fast-check counts only the runs that get
        // past this (and fails if too few do), so RUNS accepted values are checked.
        fc.pre(result.ok);
        const {url} = result;
        expect(typeof value).to.equal('string');
        // A backslash reads as a slash to the URL parser and as something else to a person.
        expect(value as string).to.not.include('\\');
        expect(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname))).to.equal(
          true,
          `accepted ${url.href}`,
        );
        expect(url.username + url.password).to.equal('');
        // An empty query or fragment ("…/?", "…#") is still a query or fragment, and would end up in the
        // frame's URL: it must be refused like a non-empty one.
        expect(url.href).to.not.match(/[?#]/, `accepted ${JSON.stringify(value)} as ${url.href}`);
        expect(url.origin).to.not.equal(page);
        // The origin the element will check messages against is the one the browser gives the value.
        expect(url.origin).to.equal(new URL(value as string).origin);
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('refuses every value with a backslash in it, wherever it is', () => {
    fc.assert(
      fc.property(acceptable, fc.nat(), fc.constantFrom('\\', '\\\\', '\\@', '\\/'), (value, at, slash) => {
        const i = at % (value.length + 1);
        const result = parseBaseUrl(value.slice(0, i) + slash + value.slice(i), 'https://saas.example');
        expect(result.ok).to.equal(false);
        expect(!result.ok && result.message).to.include('backslash');
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it("refuses any spelling of the page's own origin", () => {
    fc.assert(
      fc.property(urlish, (value) => {
        let origin: string;
        try {
          origin = new URL(value).origin;
        } catch {
          // No origin to compare with: a value that does not parse is refused whatever the page.
          expect(parseBaseUrl(value, 'https://page.example').ok).to.equal(false);
          return;
        }
        expect(parseBaseUrl(value, origin).ok).to.equal(false);
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });
});

describe('buildFrameUrl() (property-based)', function () {
  this.timeout(PROPERTY_TIMEOUT_MS);
  it('keeps the base-url origin and path, and ends in /connect/<token>', () => {
    fc.assert(
      fc.property(
        fc.oneof({weight: 4, arbitrary: acceptable}, urlString),
        fc.uuid(),
        fc.boolean(),
        (value, token, upper) => {
          const result = parseBaseUrl(value, 'https://saas.example');
          // Only accepted base URLs make a frame URL (about 70 % of these values).
          fc.pre(result.ok);
          const id = upper ? token.toUpperCase() : token;
          const before = result.url.href;
          const frame = buildFrameUrl(result.url, id);
          const parsed = new URL(frame);
          expect(result.url.href).to.equal(before, 'buildFrameUrl must not change the URL it is given');
          expect(parsed.origin).to.equal(result.url.origin);
          expect(parsed.href).to.equal(frame);
          expect(frame.endsWith(`/connect/${id}`)).to.equal(true, `${JSON.stringify(value)} → ${frame}`);
          expect(parsed.pathname).to.equal(`${result.url.pathname.replace(/\/+$/, '')}/connect/${id}`);
          expect(parsed.username + parsed.password + parsed.search + parsed.hash).to.equal('');
        },
      ),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('with any branding, still keeps the origin and the /connect/<token> path, and names no other token', () => {
    // The branding attribute (key=value&…) or property (an object), made of the characters that could end a
    // query parameter, start a fragment or climb a path, with keys that spell "token" in any case.
    const key = fc.oneof(
      fc.constantFrom('name', 'primaryColor', 'logoUrl', 'token', 'TOKEN', 'Token', 'to%6Ben', '__proto__', 'a-b_c'),
      messy,
    );
    const value = fc.oneof(messy, urlString, fc.integer(), fc.boolean(), fc.constant(null), fc.object({maxDepth: 1}));
    const attribute = fc
      .tuple(fc.array(fc.tuple(key, messy), {maxLength: 5}), fc.constantFrom('&', ';', '&&'))
      .map(([pairs, separator]) => pairs.map(([k, v]) => `${k}=${v}`).join(separator));
    const branding = fc.oneof(attribute, fc.dictionary(key, value, {maxKeys: 5}), messy, fc.anything({maxDepth: 1}));
    fc.assert(
      fc.property(acceptable, fc.uuid(), branding, (base, token, brand) => {
        const result = parseBaseUrl(base, 'https://saas.example');
        fc.pre(result.ok);
        let query: string;
        try {
          query = brandingQuery(brand);
        } catch (error) {
          expect.fail(`brandingQuery threw ${String(error)}`);
        }
        const frame = new URL(buildFrameUrl(result.url, token, query));
        expect(frame.origin).to.equal(result.url.origin);
        expect(frame.pathname).to.equal(`${result.url.pathname.replace(/\/+$/, '')}/connect/${token}`);
        expect(frame.username + frame.password + frame.hash).to.equal('');
        for (const name of frame.searchParams.keys()) expect(name.toLowerCase()).to.not.equal('token');
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });
});

describe('safeRedirectUrl() (property-based)', function () {
  this.timeout(PROPERTY_TIMEOUT_MS);
  it('keeps exactly the absolute https: (or loopback http:) URLs, as the browser parses them', () => {
    fc.assert(
      fc.property(urlString, (value) => {
        const kept = safeRedirectUrl(value);
        expect(kept).to.equal(referenceRedirect(value));
        if (kept === undefined) return;
        expect(isSafeHref(kept)).to.equal(true);
        expect(kept).to.match(/^https?:\/\//);
        expect(safeRedirectUrl(kept)).to.equal(kept);
      }),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });

  it('never keeps a non-web scheme, whatever case, blanks or control characters surround it', () => {
    const scheme = fc.constantFrom(
      'javascript',
      'data',
      'vbscript',
      'file',
      'blob',
      'about',
      'ftp',
      'ws',
      'filesystem',
    );
    fc.assert(
      fc.property(
        blankString,
        scheme.chain((s) => fc.mixedCase(fc.constant(s))),
        messy,
        urlString,
        (pad, s, mid, rest) => {
          // `mid` (no ASCII letters) can only break the scheme, never turn it into http(s).
          expect(safeRedirectUrl(`${pad}${s}${mid.replace(/[a-z]/gi, '')}:${rest}`)).to.equal(undefined);
          expect(safeRedirectUrl(`${pad}${s}:${rest}`)).to.equal(undefined);
        },
      ),
      {numRuns: RUNS, includeErrorInReport: true},
    );
  });
});
