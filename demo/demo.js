// The demo's only script: a new pairing link on demand, and a log of what the element dispatches.
// (Issue #3 replaces the random token with one minted by a backend route against the mock API.)
const connect = document.getElementById('connect');
const log = document.getElementById('log');
const state = document.getElementById('state');
const {baseUrl} = await fetch('/demo/config.json').then((response) => response.json());

function newLink() {
  connect.setAttribute('base-url', baseUrl);
  connect.setAttribute('token', crypto.randomUUID());
}

for (const type of ['pilotstatus-paired', 'pilotstatus-error', 'pilotstatus-expired']) {
  connect.addEventListener(type, (event) => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()} ${type} ${JSON.stringify(event.detail)}`;
    log.prepend(item);
  });
}
new MutationObserver(() => (state.value = connect.state)).observe(connect, {attributeFilter: ['state']});
document.getElementById('new-link').addEventListener('click', newLink);
newLink();
