// parseConnectMessage() and rejection() (worded by explain.ts) in Node: the numberId limits and data from another realm
// (vm.runInNewContext gives objects whose prototypes are another realm's, as a window's would be).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runInNewContext} from 'node:vm';
import {reason} from '../../src/explain.js';
import {MAX_NUMBER_ID_LENGTH, parseConnectMessage, rejection} from '../../src/protocol.js';

// debug's words for a refusal: the protocol names the facts, explain.ts (a lazy chunk) words them.
const explainRejection = (data: unknown) => reason(rejection(data));

const paired = (numberId: unknown) => ({type: 'connect:paired', numberId});

describe('parseConnectMessage(): numberId limits', () => {
  it('has a limit of 256 characters, past which the message is ignored', () => {
    assert.equal(MAX_NUMBER_ID_LENGTH, 256);
    assert.equal(parseConnectMessage(paired('n'.repeat(MAX_NUMBER_ID_LENGTH + 1))), null);
  });

  // Each neighbour just outside a rule passes while the value on the rule's edge is refused.
  const edges: Array<[string, string, string]> = [
    ['256 characters, not 257', 'n'.repeat(256), 'n'.repeat(257)],
    ['128 emoji (256 UTF-16 code units), not 129', '😀'.repeat(128), '😀'.repeat(129)],
    ['a space, not U+001F (the last C0)', 'a b', 'a\u001fb'],
    ['a tilde, not DEL', 'a~', 'a\u007f'],
    ['a no-break space, not U+009F (the last C1)', 'a\u00a0b', 'a\u009fb'],
    ['U+2027, not the line separator', 'a\u2027', 'a\u2028'],
    ['U+202F, not the right-to-left override', 'a\u202f', 'a\u202e'],
    ['U+2065, not the left-to-right isolate', 'a\u2065', 'a\u2066'],
    ['U+206A, not the pop directional isolate', 'a\u206a', 'a\u2069'],
    ['U+061B and U+061D, not the Arabic letter mark', 'a\u061b\u061d', 'a\u061c'],
    ['a zero-width space, joiner and BOM, not a left-to-right mark', 'a\u200b\u200d\ufeff', 'a\u200e'],
    ['an empty string, not a lone NUL', '', '\u0000'],
  ];
  for (const [what, kept, refused] of edges) {
    it(`accepts ${what}`, () => {
      assert.deepEqual(parseConnectMessage(paired(kept)), {type: 'connect:paired', numberId: kept});
      assert.equal(parseConnectMessage(paired(refused)), null);
    });
  }

  const refused: Array<[string, string]> = [
    ['257 characters', 'n'.repeat(257)],
    ['129 emoji (258 code units)', '😀'.repeat(129)],
    ['20 MiB of markup', '<img src=x onerror=alert(1)>'.repeat(750_000)],
    ['NUL', 'n\u0000'],
    ['a tab', 'n\t1'],
    ['a line feed (a forged log line)', 'n1\n[pilotstatus] paired'],
    ['a carriage return', 'n1\r'],
    ['an escape (terminal colours)', '\u001b[31mn1'],
    ['U+001F', '\u001f'],
    ['DEL', 'n\u007f'],
    ['U+0080 (first C1)', '\u0080'],
    ['NEL (U+0085)', 'n\u00851'],
    ['U+009F (last C1)', '\u009f'],
    ['a line separator', 'n\u2028'],
    ['a paragraph separator', 'n\u2029'],
    ['an Arabic letter mark', '\u061cn'],
    ['a left-to-right mark', '\u200en'],
    ['a right-to-left mark', '\u200fn'],
    ['a left-to-right embedding', '\u202an'],
    ['a right-to-left embedding', '\u202bn'],
    ['a pop directional formatting', '\u202cn'],
    ['a left-to-right override', '\u202dn'],
    ['a right-to-left override (Trojan Source)', 'n1\u202e2n'],
    ['a left-to-right isolate', '\u2066n'],
    ['a right-to-left isolate', '\u2067n'],
    ['a first strong isolate', '\u2068n'],
    ['a pop directional isolate', '\u2069n'],
    ['a control character past 256 characters', `${'n'.repeat(300)}\n`],
  ];
  for (const [what, numberId] of refused) {
    it(`ignores the whole message for a numberId with ${what}`, () => {
      assert.equal(parseConnectMessage({...paired(numberId), redirectUrl: 'https://app.example/ok'}), null);
    });
  }

  it('still checks a numberId that came through JSON', () => {
    assert.equal(parseConnectMessage(JSON.parse('{"type":"connect:paired","numberId":"a\\u2028b"}')), null);
  });
});

describe('explainRejection(): numberId limits', () => {
  const cases: Array<[string, string, string]> = [
    [
      'a numberId that is too long',
      `<b>${'x'.repeat(300)}`,
      '"numberId" of connect:paired is longer than 256 characters (303)',
    ],
    [
      'a numberId with a forged log line',
      'evil\n[pilotstatus] paired n1',
      '"numberId" of connect:paired contains a control character (U+000A at index 4)',
    ],
    [
      'a numberId with a bidi override',
      'evil\u202e1n',
      '"numberId" of connect:paired contains a control character (U+202E at index 4)',
    ],
  ];
  for (const [what, numberId, why] of cases) {
    it(`names the rule for ${what}, without echoing the value`, () => {
      const sentence = explainRejection(paired(numberId));
      assert.equal(sentence, why);
      assert.doesNotMatch(sentence, /evil|<b>|xxx/);
    });
  }
});

describe('parseConnectMessage(): data from another realm', () => {
  const foreign = <T>(code: string): T => runInNewContext(code) as T;

  const accepted: Array<[string, unknown, unknown]> = [
    [
      'a plain object literal',
      foreign('({type: "connect:paired", numberId: "n1", redirectUrl: "https://app.example/ok"})'),
      {type: 'connect:paired', numberId: 'n1', redirectUrl: 'https://app.example/ok'},
    ],
    [
      "what that realm's JSON.parse made",
      foreign('JSON.parse(\'{"type":"resize","height":320}\')'),
      {type: 'resize', height: 320},
    ],
    [
      "what that realm's JSON.parse made of an own __proto__ key",
      foreign('JSON.parse(\'{"type":"connect:error","message":"Boom.","__proto__":{"x":1}}\')'),
      {type: 'connect:error', message: 'Boom.'},
    ],
  ];
  for (const [what, data, expected] of accepted) {
    it(`accepts ${what}`, () => {
      assert.notEqual(Object.getPrototypeOf(data), Object.prototype, 'the premise: an object of another realm');
      const message = parseConnectMessage(data);
      assert.deepEqual(message, expected);
      // A fresh object of this realm, not the foreign one.
      assert.equal(Object.getPrototypeOf(message), Object.prototype);
    });
  }

  // The check looks at the chain's shape, so it must still tell a foreign plain object from everything else.
  const fields = '{type: "connect:expired"}';
  const refused: Array<[string, string]> = [
    ['an array', `Object.assign(["x"], ${fields})`],
    ['a Date', `Object.assign(new Date(0), ${fields})`],
    ['a Map', 'new Map([["type", "connect:expired"]])'],
    ['a class instance', 'new (class Message { constructor() { this.type = "connect:expired"; } })()'],
    ['an object that inherits from a plain object', `Object.create(${fields})`],
    ['a boxed string', `Object.assign(new String("x"), ${fields})`],
  ];
  for (const [what, code] of refused) {
    it(`refuses ${what} of that realm, while taking its plain object with the same fields`, () => {
      assert.deepEqual(parseConnectMessage(foreign(`(${fields})`)), {type: 'connect:expired'});
      assert.equal(parseConnectMessage(foreign(code)), null);
    });
  }

  it('holds a foreign numberId to the same limits', () => {
    assert.deepEqual(parseConnectMessage(foreign('({type: "connect:paired", numberId: "n1"})')), {
      type: 'connect:paired',
      numberId: 'n1',
    });
    assert.equal(parseConnectMessage(foreign('({type: "connect:paired", numberId: "n\\u0000"})')), null);
  });

  it('explains a foreign plain object by its fields, not as "not a plain object"', () => {
    assert.equal(
      explainRejection(foreign('({type: "resize", height: "9"})')),
      '"height" of resize has the wrong type or value: string',
    );
  });
});

describe('parseConnectMessage(): the prototype chain’s shape, in this realm', () => {
  it('refuses an array whose prototype was set to null', () => {
    assert.equal(
      parseConnectMessage(Object.assign(Object.setPrototypeOf(['x'], null) as object, {type: 'resize', height: 1})),
      null,
    );
  });

  it('accepts an object whose prototype has a null prototype (the shape of any realm’s Object.prototype)', () => {
    const data = Object.assign(Object.create(Object.create(null) as object) as object, {type: 'connect:expired'});
    assert.deepEqual(parseConnectMessage(data), {type: 'connect:expired'});
  });
});
