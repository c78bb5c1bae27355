/**
 * `debug`'s sentences. A chunk of its own in the ESM builds, loaded once an element has `debug` (see
 * load-explain.ts): the flow and the protocol only name the facts, so pages without `debug` never download
 * the words. Pure, and it imports nothing at run time: all it words comes in the note.
 */
import type {Rejection} from './protocol.js';

/**
 * What `debug` says: a message the element ignored and why (not its frame's window, another origin, a link
 * already final, or data the protocol refuses), or that its frame loaded another document.
 */
export type Note =
  | [why: 'frame' | 'reloaded']
  | [why: 'origin', origin: string, expected: string]
  | [why: 'final', state: 'paired' | 'expired']
  | Rejection;

/** A note in words, without the final full stop. */
export function reason(note: Note): string {
  switch (note[0]) {
    case 'frame':
      return 'it does not come from this element’s current frame';
    case 'reloaded':
      return 'the frame loaded another document: waiting for it as for a new one';
    case 'origin':
      return `its origin is ${note[1]}, not the Connect origin ${note[2]}`;
    case 'final':
      return `the link is already ${note[1]}`;
    case 'shape':
      return 'the data is not a plain object';
    case 'threw':
      return 'reading the data threw';
    case 'type':
      return `"type" is not one of ${note[1].join(', ')}`;
    case 'field':
      return `"${note[2]}" of ${note[1]} has the wrong type or value: ${note[3]}`;
    case 'long':
      return `"numberId" of connect:paired is longer than ${note[2]} characters (${note[1]})`;
    case 'control': {
      const code = note[1].toString(16).toUpperCase().padStart(4, '0');
      return `"numberId" of connect:paired contains a control character (U+${code} at index ${note[2]})`;
    }
  }
}

/** The console line for a note. */
export function explain(note: Note): string {
  return `<pilotstatus-connect> ${note[0] === 'reloaded' ? '' : 'ignored a message: '}${reason(note)}.`;
}
