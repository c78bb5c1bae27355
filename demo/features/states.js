// The states page: the expired example needs a link that expired before the page opened, which the demo's
// backend hands out at POST /api/expired-link; its own panel's button asks for a fresh one.
const expired = document.getElementById('expired');

async function showLink(route) {
  const response = await fetch(route, {method: 'POST'});
  if (response.ok) expired.token = (await response.json()).token;
}

void showLink('/api/expired-link');
document.getElementById('new-link').addEventListener('click', () => void showLink('/api/connect-token'));
document.getElementById('reload-slow').addEventListener('click', () => document.getElementById('slow').retry());
