// The mock Connect page's script (compiled by the mock server with esbuild). Its messages are typed with
// the element's own protocol, so the two cannot drift apart.
import type {ConnectMessage} from '../../src/protocol.js';

interface Config {
  /** The embedding page's origin, checked against the allow-list by the server. */
  parentOrigin: string;
  token: string;
  state: 'pending' | 'paired' | 'expired' | 'unknown';
  /** Milliseconds until the link expires. */
  expiresIn: number;
  provider: 'QR' | 'META';
}

const config = JSON.parse(document.getElementById('connect-config')!.textContent!) as Config;
const $ = (id: string) => document.getElementById(id);

// Only ever to the parent's own origin, never '*': a page that navigated the frame's parent elsewhere
// receives nothing.
function post(message: ConnectMessage): void {
  if (window.parent !== window) window.parent.postMessage(message, config.parentOrigin);
}

const contentHeight = () => Math.ceil(document.documentElement.getBoundingClientRect().height);

// The element ignores everything after a final message (paired, expired), resizes included, so the new,
// shorter content's height is posted first, synchronously, instead of waiting for the ResizeObserver.
function show(id: 'paired' | 'expired'): void {
  $('pending')?.setAttribute('hidden', '');
  $(id)!.removeAttribute('hidden');
  post({type: 'resize', height: contentHeight()});
}

let finished = false;
function expire(): void {
  if (finished) return;
  finished = true;
  show('expired');
  post({type: 'connect:expired'});
}

async function pair(): Promise<void> {
  const response = await fetch(`/connect/${config.token}/pair`, {method: 'POST'});
  if (response.status === 410) return expire();
  if (!response.ok) {
    post({type: 'connect:error', message: `Pairing failed (HTTP ${response.status}).`});
    return;
  }
  const {numberId, redirectUrl} = (await response.json()) as {numberId: string; redirectUrl?: string};
  finished = true;
  show('paired');
  post({type: 'connect:paired', numberId, redirectUrl});
}

// Height of the content itself (scrollHeight never reports less than the frame's current height), posted at
// load and on every change.
new ResizeObserver(() => post({type: 'resize', height: contentHeight()})).observe(document.documentElement);

if (config.state === 'unknown') {
  post({type: 'connect:error', message: 'This pairing link does not exist.'});
} else if (config.state === 'expired') {
  expire();
} else if (config.state === 'pending') {
  setTimeout(expire, config.expiresIn);
  $('scan')?.addEventListener('click', () => void pair());
  $('fail')?.addEventListener('click', () => {
    post({type: 'connect:error', message: 'The phone could not link this number. Try scanning again.'});
  });

  // Meta's Embedded Signup runs in a popup on the Connect origin; it reports back here, and only a message
  // from that popup window and this origin counts.
  let popup: Window | null = null;
  $('facebook')?.addEventListener('click', () => {
    popup = window.open(
      `/embedded-signup?token=${encodeURIComponent(config.token)}`,
      'pilotstatus-signup',
      'popup,width=520,height=640',
    );
    if (!popup) post({type: 'connect:error', message: 'The Facebook window was blocked. Allow pop-ups and try again.'});
  });
  window.addEventListener('message', (event) => {
    if (!popup || event.source !== popup || event.origin !== location.origin || finished) return;
    const data = event.data as {type?: unknown};
    if (data?.type === 'signup:complete') void pair();
    else if (data?.type === 'signup:cancel') post({type: 'connect:error', message: 'Facebook signup was cancelled.'});
  });
}
