// Plain DOM: the tag, its properties and its events are typed with nothing written by the user. These files
// import src/, from which dist/*.d.ts are emitted, so `npm run lint:tsc` checks them with no build first.
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

// The no-code and resilience options, and retry().
el.tokenUrl = '/api/pairing-token';
el.redirect = true;
el.branding = {name: 'Acme', primaryColor: '#ff6600'};
el.branding = 'name=Acme';
el.timeout = 15_000;
el.debug = true;
el.retry();
el.addEventListener('pilotstatus-expired', (e) => (e.detail.renewing ? 'renewing' : 'mint a new token'));
el.addEventListener('pilotstatus-paired', (e) => e.preventDefault());
export const codes: ErrorCode[] = ['csp-blocked', 'timeout', 'token-fetch-failed'];
// @ts-expect-error branding values are strings, numbers or booleans
el.branding = {logo: {url: 'x'}};
