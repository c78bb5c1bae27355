// The mock Connect page honours what the element forwards on the frame URL: `lang` (pt-BR, es, en texts)
// and `colorScheme` (a dark card), as the real Connect page does.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {listen} from '../../demo/mock/http.mjs';
import {DEFAULT_API_KEY, createMockPilotStatus} from '../../demo/mock/pilotstatus.mjs';

let server;
let origin;
before(async () => {
  server = await listen(createMockPilotStatus({ttlMs: 60_000}).handler);
  origin = `http://127.0.0.1:${server.port}`;
});
after(() => server.close());

async function connectPage(query) {
  const created = await fetch(`${origin}/v1/numbers/remote-pairing`, {
    method: 'POST',
    headers: {'x-api-key': DEFAULT_API_KEY, 'content-type': 'application/json'},
    body: JSON.stringify({name: 'Support', number: '5511999999999'}),
  });
  assert.equal(created.status, 200);
  const {remotePairingUrl} = await created.json();
  const response = await fetch(`${remotePairingUrl}${query}`, {headers: {referer: 'http://localhost:8000/settings'}});
  assert.equal(response.status, 200);
  return response.text();
}

describe('the mock Connect page: lang and colorScheme from its URL', () => {
  const cases = [
    ['?lang=pt-BR', 'pt-BR', 'Conecte o seu número de WhatsApp', 'Simular leitura'],
    ['?lang=pt', 'pt-BR', 'Conecte o seu número de WhatsApp', 'Simular leitura'],
    ['?lang=es', 'es', 'Conecta tu número de WhatsApp', 'Simular escaneo'],
    ['?lang=en', 'en', 'Connect your WhatsApp number', 'Simulate scan'],
    ['?lang=fr', 'en', 'Connect your WhatsApp number', 'Simulate scan'],
    ['', 'en', 'Connect your WhatsApp number', 'Simulate scan'],
  ];
  for (const [query, lang, heading, scan] of cases) {
    it(`speaks ${lang} for ${query || 'no lang'}`, async () => {
      const html = await connectPage(query);
      assert.match(html, new RegExp(`<html lang="${lang}">`));
      assert.ok(html.includes(`<h1>${heading}</h1>`), heading);
      assert.ok(html.includes(`>${scan}</button>`), scan);
    });
  }

  it('shows a dark card for colorScheme=dark, and a light one otherwise', async () => {
    assert.match(await connectPage('?lang=en&colorScheme=dark'), /color-scheme: dark; --fg: #e6edf3; --bg: #0d1117/);
    assert.match(await connectPage('?lang=en&colorScheme=light'), /color-scheme: light; --fg: #1f2328; --bg: #fff/);
    assert.match(await connectPage(''), /color-scheme: light;/);
  });
});
