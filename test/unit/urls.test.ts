// The URL checks' limits in Node: a backslash in base-url, the remotePairingUrl as a token (checkToken() and
// tokenFromResponse()), credentials in token-url, and the frame URL's length limit.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
  MAX_FRAME_URL_LENGTH,
  checkToken,
  checkTokenUrl,
  parseBaseUrl,
  tokenFromResponse,
  type TokenResult,
} from '../../src/urls.js';

const UUID = '123e4567-e89b-42d3-a456-426614174000';
const PAGE = 'https://saas.example';

function base(value: string): URL {
  const result = parseBaseUrl(value, PAGE);
  if (!result.ok) throw new Error(result.message);
  return result.url;
}

const refusal = (result: TokenResult | {ok: boolean; message?: string}): string => {
  assert.equal(result.ok, false, `expected a refusal, got ${JSON.stringify(result)}`);
  return (result as {message: string}).message;
};

describe('MAX_FRAME_URL_LENGTH', () => {
  it('is 4,096 characters', () => assert.equal(MAX_FRAME_URL_LENGTH, 4096));
});

describe('parseBaseUrl(): backslashes', () => {
  const refused: Array<[string, string]> = [
    ['a backslash for the slashes after the scheme', 'https:\\\\evil.example'],
    ['a backslash that hides the host before an @', 'https://evil.example\\@connect.pilotstatus.com.br'],
    ['a backslash in the path', 'https://connect.example/ps\\x'],
    ['a trailing backslash', 'https://connect.example/ps\\'],
    ['a backslash after a loopback host', 'http://localhost:8787\\'],
    ['a backslash behind spaces', '  https://connect.example\\ '],
    ['a lone backslash', '\\'],
  ];
  for (const [what, value] of refused) {
    it(`refuses ${what}, saying so`, () => {
      const message = refusal(parseBaseUrl(value, PAGE));
      assert.match(message, /must not contain a backslash/);
    });
  }

  it('refuses before parsing, whatever else is wrong with the value', () => {
    assert.match(refusal(parseBaseUrl('javascript:\\alert(1)', PAGE)), /backslash/);
    assert.match(refusal(parseBaseUrl(`${PAGE}\\`, PAGE)), /backslash/);
  });
});

describe('checkToken(value, base): the remotePairingUrl as the API returns it', () => {
  const accepted: Array<[string, string, string, string]> = [
    [
      'on the default Connect origin',
      'https://connect.pilotstatus.com.br',
      `https://connect.pilotstatus.com.br/connect/${UUID}`,
      UUID,
    ],
    ['with a path in the base-url', 'https://proxy.example/ps', `https://proxy.example/ps/connect/${UUID}`, UUID],
    [
      'with a trailing slash in the base-url',
      'https://proxy.example/ps/',
      `https://proxy.example/ps/connect/${UUID}`,
      UUID,
    ],
    ['with several trailing slashes', 'https://proxy.example/ps///', `https://proxy.example/ps/connect/${UUID}`, UUID],
    ['with a port, on loopback http:', 'http://127.0.0.1:8787', `http://127.0.0.1:8787/connect/${UUID}`, UUID],
    [
      'with an upper-case UUID',
      'https://connect.example',
      `https://connect.example/connect/${UUID.toUpperCase()}`,
      UUID.toUpperCase(),
    ],
  ];
  for (const [what, baseUrl, value, token] of accepted) {
    it(`accepts it ${what}, giving the UUID`, () => {
      assert.deepEqual(checkToken(value, base(baseUrl)), {ok: true, token});
    });
  }

  const connect = base('https://connect.example/ps');
  const good = `https://connect.example/ps/connect/${UUID}`;
  const refused: Array<[string, string, RegExp]> = [
    [
      'another origin',
      `https://evil.example/ps/connect/${UUID}`,
      /not on the Connect origin https:\/\/connect\.example/,
    ],
    ['another port', `https://connect.example:8443/ps/connect/${UUID}`, /not on the Connect origin/],
    ['another scheme', `http://connect.example/ps/connect/${UUID}`, /not on the Connect origin/],
    ['a look-alike host', `https://connect.example.evil.example/ps/connect/${UUID}`, /not on the Connect origin/],
    ['no path prefix', `https://connect.example/connect/${UUID}`, /base-url path/],
    ['another path prefix', `https://connect.example/other/connect/${UUID}`, /base-url path/],
    ['a longer path prefix', `https://connect.example/ps/x/connect/${UUID}`, /base-url path/],
    ['another case in the path', `https://connect.example/PS/connect/${UUID}`, /base-url path/],
    ['an extra segment', `${good}/x`, /nothing after it/],
    ['a trailing slash', `${good}/`, /nothing after it/],
    ['a trailing character', `${good}0`, /nothing after it/],
    ['a query', `${good}?x=1`, /query or a fragment/],
    ['an empty query', `${good}?`, /query or a fragment/],
    ['a fragment', `${good}#top`, /query or a fragment/],
    ['an empty fragment', `${good}#`, /query or a fragment/],
    ['a token that is not a UUID', 'https://connect.example/ps/connect/not-a-token', /nothing after it/],
    ['no token', 'https://connect.example/ps/connect/', /nothing after it/],
    ['an encoded slash before the UUID', `https://connect.example/ps/connect%2F${UUID}`, /base-url path/],
    ['a dot segment', `https://connect.example/ps/./connect/${UUID}`, /as the API writes it/],
    ['a parent segment', `https://connect.example/ps/x/../connect/${UUID}`, /as the API writes it/],
    ['an upper-case host', `https://CONNECT.example/ps/connect/${UUID}`, /as the API writes it/],
    ['the default port spelled out', `https://connect.example:443/ps/connect/${UUID}`, /as the API writes it/],
    ['a leading space', ` ${good}`, /as the API writes it/],
    ['a trailing newline', `${good}\n`, /as the API writes it/],
    ['a tab inside', good.replace('/connect/', '/con\tnect/'), /as the API writes it/],
    ['backslashes', good.replace(/\//g, '\\'), /as the API writes it/],
    ['an upper-case scheme', good.replace('https:', 'HTTPS:'), /as the API writes it/],
  ];
  for (const [what, value, says] of refused) {
    it(`refuses ${what} (invalid-token), saying what is accepted`, () => {
      const message = refusal(checkToken(value, connect));
      assert.match(message, says);
      assert.ok(message.includes('https://connect.example/ps/connect/<uuid>'), message);
    });
  }

  it('refuses credentials without echoing them', () => {
    const message = refusal(checkToken(`https://user:s3cret@connect.example/ps/connect/${UUID}`, connect));
    assert.match(message, /must not carry credentials/);
    assert.doesNotMatch(message, /s3cret/);
    assert.match(refusal(checkToken(`https://user@connect.example/ps/connect/${UUID}`, connect)), /credentials/);
  });

  it('refuses a relative URL, naming both accepted forms', () => {
    for (const value of [`/ps/connect/${UUID}`, `connect/${UUID}`, `//connect.example/ps/connect/${UUID}`]) {
      const message = refusal(checkToken(value, connect));
      assert.match(message, /is not a remote-pairing token/);
      assert.match(message, /https:\/\/connect\.example\/ps\/connect\/<uuid>\), or the UUID at its end/);
    }
  });

  it('accepts only a bare UUID without a base-url, with the message it always had', () => {
    assert.deepEqual(checkToken(UUID, connect), {ok: true, token: UUID});
    const message = refusal(checkToken(good));
    assert.equal(
      message,
      `token "${good}" is not a remote-pairing token: pass the UUID at the end of the remotePairingUrl your backend got from POST /v1/numbers/remote-pairing.`,
    );
    assert.ok(checkToken(good, connect).ok);
  });

  it('keeps its message short for a huge value and a long base-url', () => {
    const long = base(`https://connect.example/${'p'.repeat(2000)}`);
    for (const value of ['x'.repeat(100_000), `https://connect.example/${'q'.repeat(100_000)}/connect/${UUID}`]) {
      assert.ok(refusal(checkToken(value, long)).length < 400);
    }
    assert.ok(checkToken(`https://connect.example/${'p'.repeat(2000)}/connect/${UUID}`, long).ok);
  });
});

describe('tokenFromResponse(): the same rule for token-url answers', () => {
  const connect = base('https://connect.example/ps');
  const good = `https://connect.example/ps/connect/${UUID}`;

  it('reads {remotePairingUrl} with the base-url’s path, and {token} holding that URL', () => {
    assert.deepEqual(tokenFromResponse({remotePairingUrl: good}, connect), {ok: true, token: UUID});
    assert.deepEqual(tokenFromResponse({token: good}, connect), {ok: true, token: UUID});
  });

  const refused: Array<[string, unknown, RegExp]> = [
    [
      'a remotePairingUrl without the base-url’s path',
      {remotePairingUrl: `https://connect.example/connect/${UUID}`},
      /^remotePairingUrl ".*" is not the base-url path/,
    ],
    [
      'a remotePairingUrl with an extra segment',
      {remotePairingUrl: `https://connect.example/ps/x/connect/${UUID}`},
      /base-url path/,
    ],
    ['a remotePairingUrl with a segment after the UUID', {remotePairingUrl: `${good}/x`}, /nothing after it/],
    ['a remotePairingUrl with a trailing slash', {remotePairingUrl: `${good}/`}, /nothing after it/],
    ['a remotePairingUrl with a query', {remotePairingUrl: `${good}?utm=x`}, /query or a fragment/],
    ['a remotePairingUrl with an empty fragment', {remotePairingUrl: `${good}#`}, /query or a fragment/],
    [
      'a remotePairingUrl with credentials',
      {remotePairingUrl: good.replace('://', '://u:s3cret@')},
      /^remotePairingUrl must not carry credentials/,
    ],
    [
      'a remotePairingUrl with a dot segment',
      {remotePairingUrl: good.replace('/connect/', '/./connect/')},
      /as the API writes it/,
    ],
    ['a bare UUID as remotePairingUrl', {remotePairingUrl: UUID}, /not an absolute URL/],
    [
      'a token holding a URL on another path',
      {token: `https://connect.example/connect/${UUID}`},
      /^token ".*" is not the base-url path/,
    ],
    ['a token holding a URL with a query', {token: `${good}?x`}, /^token ".*" has a query/],
  ];
  for (const [what, body, says] of refused) {
    it(`refuses ${what}, saying what is accepted`, () => {
      const message = refusal(tokenFromResponse(body, connect));
      assert.match(message, says);
      assert.doesNotMatch(message, /s3cret/);
      assert.ok(message.includes('https://connect.example/ps/connect/<uuid>'), message);
    });
  }
});

describe('checkTokenUrl(): credentials', () => {
  const page = 'https://app.example/settings/whatsapp';
  const origin = 'https://app.example';
  const refused: Array<[string, string]> = [
    ['a user and a password', 'https://user:s3cret@app.example/api/token'],
    ['a user only', 'https://user@app.example/api/token'],
    ['a password only', 'https://:s3cret@app.example/api/token'],
    ['a scheme-relative URL with a user', '//user:s3cret@app.example/api/token'],
  ];
  for (const [what, value] of refused) {
    it(`refuses ${what} on the page's own origin, before any fetch, without echoing them`, () => {
      const message = refusal(checkTokenUrl(value, page, origin));
      assert.match(message, /must not carry credentials/);
      assert.doesNotMatch(message, /s3cret|user@/);
      assert.ok(message.includes('https://app.example/api/token'), message);
    });
  }
});
