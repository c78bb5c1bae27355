// Shared by the feature pages that keep an event log (not the no-code page, which has no script of its own):
// every event of every <pilotstatus-connect> goes into the page's <ol class="log">, newest first.
const log = document.querySelector('.log');

for (const type of ['pilotstatus-paired', 'pilotstatus-error', 'pilotstatus-expired']) {
  document.addEventListener(type, (event) => {
    const item = document.createElement('li');
    const who = event.target.id ? `#${event.target.id} ` : '';
    item.textContent = `${new Date().toLocaleTimeString()} ${who}${type} ${JSON.stringify(event.detail)}`;
    log?.prepend(item);
  });
}
