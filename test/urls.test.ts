import {expect} from '@open-wc/testing';
import {
  DEFAULT_BASE_URL,
  brandingQuery,
  buildFrameUrl,
  checkToken,
  checkTokenUrl,
  isValidToken,
  parseBaseUrl,
  safeRedirectUrl,
  tokenFromResponse,
} from '../src/urls.js';

const UUID = '123e4567-e89b-42d3-a456-426614174000';
const PAGE = 'https://saas.example';

describe('isValidToken()', () => {
  const valid = [
    UUID,
    UUID.toUpperCase(),
    '00000000-0000-0000-0000-000000000000',
    'ABCDEF01-abcd-ABCD-abcd-0123456789AB',
  ];
  for (const token of valid) {
    it(`accepts ${token}`, () => expect(isValidToken(token)).to.equal(true));
  }

  const invalid: Array<[string, string]> = [
    ['', 'empty'],
    [' ', 'whitespace'],
    [` ${UUID}`, 'a UUID with a leading space'],
    [`${UUID}\n`, 'a UUID with a trailing newline'],
    ['../x', 'a parent path'],
    ['..', 'a bare parent segment'],
    ['%2e%2e', 'an encoded parent segment'],
    [`${UUID}?a`, 'a UUID with a query'],
    [`${UUID}#a`, 'a UUID with a fragment'],
    [`${UUID}/x`, 'a UUID with an extra segment'],
    ['a/b', 'a slash'],
    ['%2F', 'an encoded slash'],
    [`${UUID}%2F..`, 'a UUID with an encoded slash'],
    ['123e4567e89b42d3a456426614174000', 'a UUID without dashes'],
    ['{123e4567-e89b-42d3-a456-426614174000}', 'a UUID in braces'],
    ['123e4567-e89b-42d3-a456-42661417400g', 'a non-hex digit'],
    ['123e4567-e89b-42d3-a456-4266141740000', 'one digit too many'],
    ['not-a-token', 'a non-UUID'],
  ];
  for (const [token, what] of invalid) {
    it(`rejects ${what} (${JSON.stringify(token)})`, () => expect(isValidToken(token)).to.equal(false));
  }
});

describe('checkToken()', () => {
  it('returns the token when it is valid', () => {
    expect(checkToken(UUID)).to.deep.equal({ok: true, token: UUID});
  });

  it('takes the remotePairingUrl exactly as the API returns it when given the base-url', () => {
    const base = new URL('https://connect.pilotstatus.com.br');
    expect(checkToken(`https://connect.pilotstatus.com.br/connect/${UUID}`, base)).to.deep.equal({
      ok: true,
      token: UUID,
    });
    for (const bent of ['/x', '/', '?', '#', '?a=1']) {
      expect(checkToken(`https://connect.pilotstatus.com.br/connect/${UUID}${bent}`, base).ok).to.equal(false);
    }
    expect(checkToken(`https://evil.example/connect/${UUID}`, base).ok).to.equal(false);
  });

  it('says what to pass when the token is not a UUID', () => {
    const result = checkToken('abc');
    expect(result.ok).to.equal(false);
    expect(!result.ok && result.message)
      .to.contain('"abc"')
      .and.contain('UUID');
  });

  it('rejects values that are not strings, naming their type', () => {
    for (const value of [42, {}, [], true, Symbol('x')]) {
      const result = checkToken(value);
      expect(result.ok).to.equal(false);
      expect(!result.ok && result.message).to.contain(`of type ${typeof value}`);
    }
  });

  it('keeps an echoed value short', () => {
    const result = checkToken('x'.repeat(100_000));
    expect(!result.ok && result.message.length).to.be.below(400);
  });
});

describe('parseBaseUrl()', () => {
  const accepted: Array<[string, string]> = [
    [DEFAULT_BASE_URL, 'https://connect.pilotstatus.com.br'],
    ['https://connect.pilotstatus.com.br/', 'https://connect.pilotstatus.com.br'],
    ['https://proxy.example/ps', 'https://proxy.example'],
    ['https://proxy.example:8443/ps/', 'https://proxy.example:8443'],
    ['http://localhost:8787', 'http://localhost:8787'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
    ['http://127.1:8787', 'http://127.0.0.1:8787'],
    ['HTTP://LOCALHOST:8787', 'http://localhost:8787'],
    ['  https://connect.example  ', 'https://connect.example'],
  ];
  for (const [value, origin] of accepted) {
    it(`accepts ${JSON.stringify(value)} with origin ${origin}`, () => {
      const result = parseBaseUrl(value, PAGE);
      expect(result.ok).to.equal(true);
      expect(result.ok && result.url.origin).to.equal(origin);
    });
  }

  const refused: Array<[unknown, string, string]> = [
    ['javascript:alert(1)', 'a javascript: URL', 'https:'],
    ['data:text/html,<h1>x</h1>', 'a data: URL', 'https:'],
    ['http://connect.pilotstatus.com.br', 'http: on a public host', 'https:'],
    ['http://10.0.0.1', 'http: on a private address', 'https:'],
    ['http://localhost.evil.com', 'http: on a host that starts like localhost', 'https:'],
    ['ftp://connect.example', 'another scheme', 'https:'],
    ['/connect', 'a relative path', 'absolute'],
    ['connect.pilotstatus.com.br', 'a bare host name', 'absolute'],
    ['//connect.pilotstatus.com.br', 'a scheme-relative URL', 'absolute'],
    ['', 'an empty string', 'absolute'],
    ['https://user:pass@connect.example', 'credentials', 'credentials'],
    ['https://connect.example/?x=1', 'a query', 'query'],
    ['https://connect.example/#x', 'a fragment', 'fragment'],
    ['https://connect.example?', 'an empty query', 'query'],
    ['https://connect.example/ps#', 'an empty fragment', 'fragment'],
    ['https:\\\\evil.example', 'backslashes for the slashes', 'backslash'],
    ['https://evil.example\\@connect.pilotstatus.com.br', 'a backslash that hides the host', 'backslash'],
    [PAGE, "the page's own origin", 'own origin'],
    [`${PAGE}/some/path`, "the page's own origin with a path", 'own origin'],
    [42, 'a number', 'string'],
  ];
  for (const [value, what, says] of refused) {
    it(`refuses ${what}`, () => {
      const result = parseBaseUrl(value, PAGE);
      expect(result.ok).to.equal(false);
      expect(!result.ok && result.message).to.contain(says);
    });
  }

  it('refuses the own origin of a loopback development page', () => {
    expect(parseBaseUrl('http://localhost:8000', 'http://localhost:8000').ok).to.equal(false);
    expect(parseBaseUrl('http://localhost:8787', 'http://localhost:8000').ok).to.equal(true);
  });
});

describe('buildFrameUrl()', () => {
  const table: Array<[string, string]> = [
    ['https://connect.pilotstatus.com.br', `https://connect.pilotstatus.com.br/connect/${UUID}`],
    ['https://connect.pilotstatus.com.br/', `https://connect.pilotstatus.com.br/connect/${UUID}`],
    ['https://proxy.example/ps', `https://proxy.example/ps/connect/${UUID}`],
    ['https://proxy.example/ps/', `https://proxy.example/ps/connect/${UUID}`],
    ['https://proxy.example/ps///', `https://proxy.example/ps/connect/${UUID}`],
    ['http://127.0.0.1:8787/a/b', `http://127.0.0.1:8787/a/b/connect/${UUID}`],
  ];
  for (const [base, expected] of table) {
    it(`builds ${expected} from ${base}`, () => {
      const parsed = parseBaseUrl(base, PAGE);
      if (!parsed.ok) throw new Error(parsed.message);
      expect(buildFrameUrl(parsed.url, UUID)).to.equal(expected);
    });
  }
});

describe('safeRedirectUrl()', () => {
  const kept = [
    'https://app.example/done',
    'https://app.example/done?number=1#top',
    'http://localhost:8000/done',
    'http://127.0.0.1:8000/done',
    'http://[::1]/done',
  ];
  for (const url of kept) {
    it(`keeps ${url}`, () => expect(safeRedirectUrl(url)).to.equal(url));
  }

  const normalised: Array<[string, string]> = [
    ['https://app.example', 'https://app.example/'],
    ['  https://app.example/x  ', 'https://app.example/x'],
    ['https:\\\\app.example\\x', 'https://app.example/x'],
    ['ht\ntps://app.example/\tx', 'https://app.example/x'],
    ['HTTPS://APP.EXAMPLE/Done', 'https://app.example/Done'],
  ];
  for (const [url, parsed] of normalised) {
    it(`returns ${JSON.stringify(url)} as the browser would parse it: ${parsed}`, () => {
      expect(safeRedirectUrl(url)).to.equal(parsed);
    });
  }

  const dropped: Array<[string, string]> = [
    ['javascript:alert(1)', 'javascript:'],
    [' JaVaScRiPt:alert(1)', 'javascript: in mixed case behind a space'],
    ['\tjavascript:alert(1)', 'javascript: behind a tab'],
    ['java\nscript:alert(1)', 'javascript: split by a newline'],
    ['data:text/html,<script>alert(1)</script>', 'data:'],
    ['vbscript:msgbox', 'vbscript:'],
    ['blob:https://app.example/1', 'blob:'],
    ['file:///etc/passwd', 'file:'],
    ['/done', 'a relative path'],
    ['done', 'a bare word'],
    ['//evil.example/done', 'a scheme-relative URL'],
    ['http://evil.example/done', 'http: on a public host'],
    ['', 'an empty string'],
  ];
  for (const [url, what] of dropped) {
    it(`drops ${what}`, () => expect(safeRedirectUrl(url)).to.equal(undefined));
  }
});

describe('brandingQuery()', () => {
  const cases: Array<[string, unknown, string]> = [
    ['an attribute string', 'name=Acme&primaryColor=%23ff6600', 'name=Acme&primaryColor=%23ff6600'],
    ['an object of scalars', {name: 'A & B', size: 2, dark: true}, 'name=A+%26+B&size=2&dark=true'],
    ['null', null, ''],
    ['a number', 42, ''],
    ['the reserved key token, in any case', {token: 'x', Token: 'y', ok: '1'}, 'ok=1'],
    [
      'keys that could reach the path, fragment or query',
      {'../a': 1, 'a#b': 1, 'a/b': 1, 'a&b': 1, 'a=b': 1, '1a': 1},
      '',
    ],
    ['non-scalar values', {a: {}, b: [], c: null, d: undefined, e: () => 1}, ''],
    ['a value longer than 2,048 characters', {a: 'x'.repeat(2049), b: 'x'.repeat(2048)}, `b=${'x'.repeat(2048)}`],
    ['an attribute that is not pairs', '#/../?', ''],
  ];
  for (const [what, value, query] of cases) {
    it(`encodes ${what} as ${JSON.stringify(query.length > 40 ? `${query.slice(0, 40)}…` : query)}`, () => {
      expect(brandingQuery(value)).to.equal(query);
    });
  }

  it('never throws, even for a Proxy whose traps do', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(brandingQuery(hostile)).to.equal('');
  });

  it('leaves the path of the frame URL alone', () => {
    const token = '123e4567-e89b-12d3-a456-426614174000';
    const url = new URL(buildFrameUrl(new URL('https://c.example/ps'), token, brandingQuery({ok: '/../#?&'})));
    expect(url.pathname).to.equal(`/ps/connect/${token}`);
    expect(url.hash).to.equal('');
    expect(url.searchParams.get('ok')).to.equal('/../#?&');
  });
});

describe('checkTokenUrl()', () => {
  const page = 'https://app.example/settings/whatsapp';
  const origin = 'https://app.example';
  const accepted: Array<[string, string]> = [
    ['/api/token', 'https://app.example/api/token'],
    ['token', 'https://app.example/settings/token'],
    ['https://app.example/api/token?x=1', 'https://app.example/api/token?x=1'],
  ];
  for (const [value, url] of accepted) {
    it(`accepts ${value} as ${url}`, () => expect(checkTokenUrl(value, page, origin)).to.deep.equal({ok: true, url}));
  }
  const refused = [
    'https://evil.example/api/token',
    '//evil.example/api/token',
    'http://app.example/api/token',
    'https://app.example.evil.example/',
    'javascript:alert(1)',
    'data:application/json,{}',
    'http://[',
    'https://user:pass@app.example/api/token',
  ];
  for (const value of refused) {
    it(`refuses ${value}`, () => {
      const result = checkTokenUrl(value, page, origin);
      expect(result.ok).to.equal(false);
      expect(!result.ok && result.message).to.include(origin);
    });
  }
});

describe('tokenFromResponse()', () => {
  const base = new URL('https://connect.example/ps');
  const token = '123e4567-e89b-12d3-a456-426614174000';
  it('reads {token}', () => expect(tokenFromResponse({token}, base)).to.deep.equal({ok: true, token}));
  it('reads {remotePairingUrl} on the Connect origin, under the base-url’s path only', () => {
    expect(tokenFromResponse({remotePairingUrl: `https://connect.example/ps/connect/${token}`}, base)).to.deep.equal({
      ok: true,
      token,
    });
    expect(tokenFromResponse({remotePairingUrl: `https://connect.example/connect/${token}`}, base).ok).to.equal(false);
  });
  const refused: Array<[string, unknown]> = [
    ['a token that is not a UUID', {token: '../x'}],
    ['a remotePairingUrl on another origin', {remotePairingUrl: `https://evil.example/connect/${token}`}],
    ['a remotePairingUrl on another scheme', {remotePairingUrl: `http://connect.example/connect/${token}`}],
    [
      'a remotePairingUrl that does not end in a UUID',
      {remotePairingUrl: `https://connect.example/connect/${token}/x`},
    ],
    ['a remotePairingUrl outside the base-url’s path', {remotePairingUrl: `https://connect.example/connect/${token}`}],
    ['a remotePairingUrl with a query', {remotePairingUrl: `https://connect.example/ps/connect/${token}?x=1`}],
    ['a relative remotePairingUrl', {remotePairingUrl: `/connect/${token}`}],
    ['neither field', {id: token}],
    ['no body', undefined],
    ['a string', token],
  ];
  for (const [what, body] of refused) {
    it(`refuses ${what}`, () => expect(tokenFromResponse(body, base).ok).to.equal(false));
  }
});
