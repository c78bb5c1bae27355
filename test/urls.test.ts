import {expect} from '@open-wc/testing';
import {DEFAULT_BASE_URL, buildFrameUrl, checkToken, isValidToken, parseBaseUrl, safeRedirectUrl} from '../src/urls.js';

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
