import {expect} from '@open-wc/testing';
import {
  explainRejection,
  DEFAULT_ERROR_MESSAGE,
  MAX_HEIGHT,
  MAX_MESSAGE_LENGTH,
  clipMessage,
  parseConnectMessage,
} from '../src/protocol.js';

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
