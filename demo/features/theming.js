// The theming page: the dark modal from a button, and a link that has already expired (its panel, dark).
const baseUrl = document.querySelector('[data-base-url]').dataset.baseUrl;

window.PilotStatus.init();
document.getElementById('open-modal').addEventListener('click', () => {
  window.PilotStatus.connect.open({tokenUrl: '/api/connect-token', baseUrl});
});
void fetch('/api/expired-link', {method: 'POST', headers: {accept: 'application/json'}})
  .then((response) => response.json())
  .then(({token}) => {
    document.getElementById('expired').token = token;
  });
