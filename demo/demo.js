// The demo page: ask our own backend for a pairing token, show the element, log what it dispatches.
const $ = (id) => document.getElementById(id);
const form = $('pairing-form');
const connect = $('connect');

function log(type, detail) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${type} ${JSON.stringify(detail)}`;
  $('log').prepend(item);
}

async function mintLink() {
  $('form-error').hidden = true;
  const data = Object.fromEntries(new FormData(form));
  const response = await fetch('/api/pairing-token', {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify(data),
  });
  const answer = await response.json();
  if (!response.ok) {
    $('form-error').textContent = answer.message ?? `The backend answered ${response.status}.`;
    $('form-error').hidden = false;
    return;
  }
  for (const id of ['paired', 'expired']) $(id).hidden = true;
  $('masked-number').textContent = answer.maskedNumber;
  $('pairing').hidden = false;
  connect.setAttribute('base-url', answer.baseUrl);
  connect.setAttribute('token', answer.token);
  log('token', {token: answer.token});
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void mintLink();
});
$('new-link').addEventListener('click', () => void mintLink());

connect.addEventListener('pilotstatus-paired', (event) => {
  log(event.type, event.detail);
  $('number-id').textContent = event.detail.numberId ?? '(not sent)';
  const {redirectUrl} = event.detail;
  $('redirect-note').hidden = !redirectUrl;
  if (redirectUrl) {
    $('redirect-url').href = redirectUrl;
    $('redirect-url').textContent = redirectUrl;
  }
  $('paired').hidden = false;
});
connect.addEventListener('pilotstatus-error', (event) => log(event.type, event.detail));
// #expired is the element's expired panel (slot="expired"): the one message an expired link shows.
connect.addEventListener('pilotstatus-expired', (event) => {
  log(event.type, event.detail);
  $('expired').hidden = false;
});
new MutationObserver(() => ($('state').value = connect.state)).observe(connect, {attributeFilter: ['state']});
