// explain.ts in Node: debug's console line for every kind of note, word for word (the element's debug tests
// and the demo's debug page read these lines).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {explain, type Note} from '../../src/explain.js';
import {MESSAGE_TYPES} from '../../src/protocol.js';

const IGNORED = '<pilotstatus-connect> ignored a message:';

describe('explain()', () => {
  const cases: Array<[Note, string]> = [
    [['frame'], `${IGNORED} it does not come from this element’s current frame.`],
    [
      ['origin', 'http://127.0.0.1:9', 'https://connect.pilotstatus.com.br'],
      `${IGNORED} its origin is http://127.0.0.1:9, not the Connect origin https://connect.pilotstatus.com.br.`,
    ],
    [['final', 'paired'], `${IGNORED} the link is already paired.`],
    [['final', 'expired'], `${IGNORED} the link is already expired.`],
    [['shape'], `${IGNORED} the data is not a plain object.`],
    [['threw'], `${IGNORED} reading the data threw.`],
    [
      ['type', MESSAGE_TYPES],
      `${IGNORED} "type" is not one of connect:paired, connect:error, connect:expired, resize.`,
    ],
    [['field', 'resize', 'height', 'string'], `${IGNORED} "height" of resize has the wrong type or value: string.`],
    [['long', 303, 256], `${IGNORED} "numberId" of connect:paired is longer than 256 characters (303).`],
    [
      ['control', 0x202e, 4],
      `${IGNORED} "numberId" of connect:paired contains a control character (U+202E at index 4).`,
    ],
    [['control', 0, 0], `${IGNORED} "numberId" of connect:paired contains a control character (U+0000 at index 0).`],
    [['reloaded'], '<pilotstatus-connect> the frame loaded another document: waiting for it as for a new one.'],
  ];
  for (const [note, line] of cases) {
    it(`words ${JSON.stringify(note)}`, () => assert.equal(explain(note), line));
  }
});
