// Every "Your backend" recipe of the README, run as it stands there (see server-recipes.mjs), over real HTTP
// on 127.0.0.1: a signed-in same-origin POST gets a token the mock minted for that user; nobody signed in,
// another origin and another method get nothing, and mint nothing.
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {RECIPES, USER, cleanUp, startRecipe} from './server-recipes.mjs';

after(cleanUp);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('README snippet server-client', () => {
  it('mints a link with the key from the environment', async () => {
    const recipe = await startRecipe('server-client');
    try {
      const [link] = recipe.mock.links.values();
      assert.equal(recipe.mock.links.size, 1);
      assert.equal(link.name, 'Support');
    } finally {
      await recipe.close();
    }
  });
});

for (const name of RECIPES) {
  describe(`README recipe ${name}`, () => {
    let recipe;
    const ask = (headers = {}, method = 'POST') =>
      fetch(`${recipe.origin}/api/pairing-token`, {method, headers: {origin: recipe.origin, ...headers}});

    it('answers a signed-in same-origin POST with {token}, minted for that user and never cached', async () => {
      recipe = await startRecipe(name);
      const response = await ask({cookie: 'theme=dark; session=valid'});
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.match(response.headers.get('content-type'), /^application\/json/);
      const body = await response.json();
      assert.deepEqual(Object.keys(body), ['token']);
      assert.match(body.token, UUID);
      const link = recipe.mock.links.get(body.token);
      assert.equal(link.number, USER.whatsappNumber);
      assert.equal(link.sendViaWhatsApp, false);
    });

    it('mints nothing for nobody signed in, another origin, or another method', async () => {
      const before = recipe.mock.links.size;
      // The single-file function serves every visitor of its (protected) page: it has no session to check.
      if (name !== 'server-function') assert.equal((await ask()).status, 401);
      assert.equal((await ask({cookie: 'session=valid', origin: 'http://127.0.0.1:1'})).status, 403);
      assert.equal((await ask({cookie: 'session=valid', 'sec-fetch-site': 'cross-site'})).status, 403);
      // Express and Hono route only POST here (404 otherwise); the handler itself answers 405.
      const get = await ask({cookie: 'session=valid'}, 'GET');
      assert.ok([404, 405].includes(get.status), `GET answered ${get.status}`);
      assert.equal(recipe.mock.links.size, before);
      await recipe.close();
    });
  });
}
