import {expect} from '@open-wc/testing';
import {reason} from '../src/explain.js';
import {
  DEFAULT_ERROR_MESSAGE,
  MAX_HEIGHT,
  MAX_NUMBER_ID_LENGTH,
  MAX_MESSAGE_LENGTH,
  clipMessage,
  parseConnectMessage,
  rejection,
} from '../src/protocol.js';

// debug's words for a refusal: the protocol names the facts, explain.ts (a lazy chunk) words them.
const explainRejection = (data: unknown) => reason(rejection(data));

describe('parseConnectMessage()', () => {
  const accepted: Array<[string, unknown, unknown]> = [
    ['a bare paired', {type: 'connect:paired'}, {type: 'connect:paired'}],
    ['paired with a numberId', {type: 'connect:paired', numberId: 'n1'}, {type: 'connect:paired', numberId: 'n1'}],
    [
      'paired with a numberId and an https redirectUrl',
      {type: 'connect:paired', numberId: 'n1', redirectUrl: 'https://app.example/ok'},
      {type: 'connect:paired', numberId: 'n1', redirectUrl: 'https://app.example/ok'},
    ],
    [
      'paired with a javascript: redirectUrl (dropped, numberId kept)',
      {type: 'connect:paired', numberId: 'n1', redirectUrl: 'javascript:alert(1)'},
      {type: 'connect:paired', numberId: 'n1'},
    ],
    [
      'paired with a non-string redirectUrl (dropped, the pairing kept)',
      {type: 'connect:paired', numberId: 'n1', redirectUrl: 42},
      {type: 'connect:paired', numberId: 'n1'},
    ],
    [
      'paired with a redirectUrl that needs normalising (given as parsed)',
      {type: 'connect:paired', redirectUrl: ' https://app.example'},
      {type: 'connect:paired', redirectUrl: 'https://app.example/'},
    ],
    [
      'paired with null and undefined optional fields',
      {type: 'connect:paired', numberId: null, redirectUrl: undefined},
      {type: 'connect:paired'},
    ],
    [
      'paired with unknown extra fields (not copied)',
      {type: 'connect:paired', numberId: 'n1', admin: true, onload: 'x'},
      {type: 'connect:paired', numberId: 'n1'},
    ],
    ['an error', {type: 'connect:error', message: 'Boom.'}, {type: 'connect:error', message: 'Boom.'}],
    ['an error without a message', {type: 'connect:error'}, {type: 'connect:error', message: DEFAULT_ERROR_MESSAGE}],
    [
      'an error with a blank message',
      {type: 'connect:error', message: '  '},
      {type: 'connect:error', message: DEFAULT_ERROR_MESSAGE},
    ],
    ['expired', {type: 'connect:expired'}, {type: 'connect:expired'}],
    ['expired with extra fields', {type: 'connect:expired', at: 1}, {type: 'connect:expired'}],
    ['a resize', {type: 'resize', height: 420}, {type: 'resize', height: 420}],
    ['a resize of zero', {type: 'resize', height: 0}, {type: 'resize', height: 0}],
    ['a fractional resize (rounded)', {type: 'resize', height: 420.6}, {type: 'resize', height: 421}],
    ['a huge resize (clamped)', {type: 'resize', height: 1e9}, {type: 'resize', height: MAX_HEIGHT}],
    [
      'a null-prototype object',
      Object.assign(Object.create(null), {type: 'connect:expired'}),
      {type: 'connect:expired'},
    ],
  ];
  for (const [what, data, expected] of accepted) {
    it(`accepts ${what}`, () => expect(parseConnectMessage(data)).to.deep.equal(expected));
  }

  const rejected: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'connect:paired'],
    ['a JSON string', JSON.stringify({type: 'connect:paired'})],
    ['a number', 42],
    ['a boolean', true],
    ['an array', ['connect:paired']],
    ['an array with a type property', Object.assign(['x'], {type: 'connect:paired'})],
    ['a Date', new Date()],
    ['a Map', new Map([['type', 'connect:paired']])],
    ['an object without a type', {numberId: 'n1'}],
    ['an unknown type', {type: 'connect:hacked'}],
    ['a type in another case', {type: 'Connect:Paired'}],
    ['a type with spaces', {type: ' connect:paired'}],
    ['a non-string type', {type: 1}],
    ['a type in an array', {type: ['connect:paired']}],
    ['an inherited type', Object.create({type: 'connect:paired'})],
    ['a non-string numberId', {type: 'connect:paired', numberId: 42}],
    ['a numberId longer than 256 characters', {type: 'connect:paired', numberId: 'n'.repeat(MAX_NUMBER_ID_LENGTH + 1)}],
    ['a numberId with a newline', {type: 'connect:paired', numberId: 'n1\n[log] forged'}],
    ['a numberId with NUL', {type: 'connect:paired', numberId: 'n\u0000'}],
    ['a numberId with a C1 control', {type: 'connect:paired', numberId: 'n\u0085'}],
    ['a numberId with a line separator', {type: 'connect:paired', numberId: 'n\u2028'}],
    ['a numberId with a bidi override', {type: 'connect:paired', numberId: 'n\u202e1'}],
    ['a numberId with a bidi isolate', {type: 'connect:paired', numberId: 'n\u20661'}],
    ['an object numberId', {type: 'connect:paired', numberId: {toString: () => 'n1'}}],
    ['a non-string error message', {type: 'connect:error', message: {text: 'x'}}],
    ['a resize without a height', {type: 'resize'}],
    ['a NaN height', {type: 'resize', height: NaN}],
    ['an Infinity height', {type: 'resize', height: Infinity}],
    ['a negative height', {type: 'resize', height: -1}],
    ['a string height', {type: 'resize', height: '300'}],
    ['an object height', {type: 'resize', height: {valueOf: () => 300}}],
    ['a boxed number height', {type: 'resize', height: Object(300)}],
  ];
  for (const [what, data] of rejected) {
    it(`rejects ${what}`, () => expect(parseConnectMessage(data)).to.equal(null));
  }

  it('never throws, even for a Proxy whose traps throw', () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('trap');
        },
      },
    );
    const sneaky = new Proxy(
      {type: 'connect:paired'},
      {
        get: () => {
          throw new Error('trap');
        },
      },
    );
    expect(parseConnectMessage(hostile)).to.equal(null);
    expect(parseConnectMessage(sneaky)).to.equal(null);
  });

  it('ignores an own __proto__ key and pollutes nothing', () => {
    const data: unknown = JSON.parse('{"type":"connect:paired","numberId":"n1","__proto__":{"polluted":true}}');
    const message = parseConnectMessage(data);
    expect(message).to.deep.equal({type: 'connect:paired', numberId: 'n1'});
    expect(Object.getPrototypeOf(message)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('returns a fresh object, never the data it was given', () => {
    const data = {type: 'connect:paired', numberId: 'n1'};
    expect(parseConnectMessage(data)).not.to.equal(data);
  });

  describe('with data from another window’s realm', () => {
    let frame: HTMLIFrameElement;
    let realm: Window & typeof globalThis;
    before(() => {
      // A same-origin about:blank frame: its objects have its own Object.prototype, as data deserialized in a
      // popup or a Document Picture-in-Picture window would.
      frame = document.createElement('iframe');
      document.body.append(frame);
      realm = frame.contentWindow as Window & typeof globalThis;
    });
    after(() => frame.remove());

    it('accepts a plain or null-prototype object made there', () => {
      const parsed: unknown = realm.JSON.parse('{"type":"connect:paired","numberId":"n1"}');
      const cloned: unknown = realm.structuredClone({type: 'resize', height: 320});
      const bare = Object.assign(realm.Object.create(null) as object, {type: 'connect:expired'});
      for (const data of [parsed, cloned]) expect(Object.getPrototypeOf(data)).to.equal(realm.Object.prototype);
      expect(realm.Object.prototype).to.not.equal(Object.prototype);
      expect(parseConnectMessage(parsed)).to.deep.equal({type: 'connect:paired', numberId: 'n1'});
      expect(parseConnectMessage(cloned)).to.deep.equal({type: 'resize', height: 320});
      expect(parseConnectMessage(bare)).to.deep.equal({type: 'connect:expired'});
      expect(explainRejection(realm.JSON.parse('{"type":"resize"}'))).to.equal(
        '"height" of resize has the wrong type or value: undefined',
      );
    });

    it('still refuses its arrays, Dates, Maps and inheriting objects, while taking its plain object', () => {
      const fields = {type: 'connect:expired'};
      expect(parseConnectMessage(realm.structuredClone(fields))).to.deep.equal(fields);
      const refused: unknown[] = [
        realm.structuredClone(Object.assign(['x'], fields)),
        Object.assign(new realm.Date(0), fields),
        new realm.Map([['type', 'connect:expired']]),
        realm.Object.create(realm.structuredClone(fields)),
        realm.structuredClone({type: 'connect:paired', numberId: 'n\u0000'}),
      ];
      for (const data of refused) expect(parseConnectMessage(data)).to.equal(null);
    });
  });

  it('clips a multi-megabyte error message to 1,000 characters', () => {
    const message = parseConnectMessage({type: 'connect:error', message: 'x'.repeat(5_000_000)});
    expect(message?.type).to.equal('connect:error');
    const text = message && message.type === 'connect:error' ? message.message : '';
    expect(text.length).to.equal(MAX_MESSAGE_LENGTH);
    expect(text.endsWith('…')).to.equal(true);
  });
});

describe('clipMessage()', () => {
  it('leaves a message of 1,000 characters as it is', () => {
    const text = 'y'.repeat(MAX_MESSAGE_LENGTH);
    expect(clipMessage(text)).to.equal(text);
  });

  it('does not split a surrogate pair at the cut', () => {
    const text = `${'a'.repeat(MAX_MESSAGE_LENGTH - 2)}😀😀😀`;
    const clipped = clipMessage(text);
    expect(clipped.length).to.be.at.most(MAX_MESSAGE_LENGTH);
    expect(clipped).to.equal(`${'a'.repeat(MAX_MESSAGE_LENGTH - 2)}…`);
  });
});

describe('explainRejection()', () => {
  const cases: Array<[string, unknown, string]> = [
    ['an array', [], 'the data is not a plain object'],
    ['a string', 'connect:paired', 'the data is not a plain object'],
    [
      'an unknown type',
      {type: 'connect:hello'},
      '"type" is not one of connect:paired, connect:error, connect:expired, resize',
    ],
    ['a resize without a height', {type: 'resize'}, '"height" of resize has the wrong type or value: undefined'],
    [
      'a resize with a string height',
      {type: 'resize', height: '9'},
      '"height" of resize has the wrong type or value: string',
    ],
    [
      'a pairing with a numeric numberId',
      {type: 'connect:paired', numberId: 7},
      '"numberId" of connect:paired has the wrong type or value: number',
    ],
    [
      'a pairing with a numberId too long (its value is not echoed)',
      {type: 'connect:paired', numberId: `<b>${'x'.repeat(MAX_NUMBER_ID_LENGTH)}`},
      '"numberId" of connect:paired is longer than 256 characters (259)',
    ],
    [
      'a pairing with a control character in numberId (its value is not echoed)',
      {type: 'connect:paired', numberId: 'evil\r\n'},
      '"numberId" of connect:paired contains a control character (U+000D at index 4)',
    ],
    [
      'an error with an object message',
      {type: 'connect:error', message: {}},
      '"message" of connect:error has the wrong type or value: object',
    ],
  ];
  for (const [what, data, why] of cases) {
    it(`explains ${what}`, () => expect(explainRejection(data)).to.equal(why));
  }

  it('never throws, even for a Proxy whose traps do', () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('trap');
        },
      },
    );
    expect(explainRejection(hostile)).to.equal('reading the data threw');
  });
});
