// The mock of Meta's Embedded Signup popup (compiled by the mock server with esbuild): it reports the
// outcome to the Connect page that opened it, on the Connect origin only, then closes.
function report(type: 'signup:complete' | 'signup:cancel'): void {
  window.opener?.postMessage({type}, location.origin);
  window.close();
}

document.getElementById('complete')!.addEventListener('click', () => report('signup:complete'));
document.getElementById('cancel')!.addEventListener('click', () => report('signup:cancel'));
