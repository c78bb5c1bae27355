// Plain DOM: the tag, its properties and its events are typed with nothing written by the user. These files
// import src/, from which dist/*.d.ts are emitted, so `npm run test:types` needs no build first.
import type {ErrorCode} from '../../src/index.js';

const el = document.createElement('pilotstatus-connect');
el.token = crypto.randomUUID();
el.baseUrl = 'https://connect.example';
export const state: 'idle' | 'loading' | 'ready' | 'paired' | 'error' | 'expired' = el.state;
el.addEventListener('pilotstatus-paired', (e) => e.detail.numberId?.toUpperCase());
el.addEventListener('pilotstatus-paired', (e) => e.detail.redirectUrl?.startsWith('https:'));
el.addEventListener('pilotstatus-error', (e) => {
  const code: ErrorCode = e.detail.code;
  return [code, e.detail.message.length];
});
el.addEventListener('pilotstatus-expired', (e) => Object.keys(e.detail));
// The events bubble and are composed: document and window listeners are typed too.
document.addEventListener('pilotstatus-paired', (e) => e.detail.numberId);
window.addEventListener('pilotstatus-error', (e) => e.detail.message);
export const found: string | null | undefined = document.querySelector('pilotstatus-connect')?.token;

// A misspelt detail field must not compile.
// @ts-expect-error numberID is not a field of PairedDetail (numberId is)
el.addEventListener('pilotstatus-paired', (e) => e.detail.numberID);
