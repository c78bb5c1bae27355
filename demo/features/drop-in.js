// The drop-in page: PilotStatus.connect.open() from a button, PilotStatus.connect.mount() inline, every
// callback logged. The Connect address comes from the page (the demo server rewrites it when it picks ports).
const baseUrl = document.querySelector('[data-base-url]').dataset.baseUrl;
const log = document.querySelector('.log');

function note(text) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  log.prepend(item);
}

/** Every callback, logged as `<where> <callback> <argument>`. */
const callbacks = (where) => ({
  onReady: () => note(`${where} onReady`),
  onPaired: (d) => note(`${where} onPaired ${JSON.stringify(d)}`),
  onError: (e) => note(`${where} onError ${JSON.stringify(e)}`),
  onExpired: () => note(`${where} onExpired`),
  onClose: () => note(`${where} onClose`),
});

window.PilotStatus.init();
document.getElementById('modal-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  window.PilotStatus.connect.open({
    tokenUrl: '/api/connect-token',
    baseUrl,
    lang: form.get('lang') || undefined,
    closeOnPaired: form.get('closeOnPaired') === 'on',
    ...callbacks('modal'),
  });
});
window.PilotStatus.connect.mount('#inline', {tokenUrl: '/api/connect-token', baseUrl, ...callbacks('inline')});
