// client.mjs - an HTTP client for the API tests: keeps the session cookie
// and the CSRF token like a browser, or sends a bearer token like a script;
// call() validates every response against docs/openapi.yaml. Also raw
// socket requests and the error-shape assertion.
import assert from 'node:assert/strict';
import net from 'node:net';

import { validateResponse } from './spec.mjs';

/** PATTERN ('/api/v1/units/{id}') with its {name} segments from PARAMS. */
export function fillPattern(pattern, params = {}) {
  return pattern.replace(/\{([^}]+)\}/g, (_, name) => {
    assert.ok(params[name] !== undefined, `no value for {${name}} in ${pattern}`);
    return encodeURIComponent(String(params[name]));
  });
}

export class Client {
  /**
   * BASE_URL: 'http://127.0.0.1:PORT'. LANG: Accept-Language to send
   * (undefined = none, so the server's default, zh-CN).
   */
  constructor(baseUrl, { lang } = {}) {
    this.base = baseUrl.replace(/\/$/, '');
    this.lang = lang;
    this.cookies = new Map();
    this.csrf = null;
    this.bearer = null;
    this.user = null;
  }

  /**
   * Send one request; no validation. OPTS: json (serialised, Content-Type
   * application/json unless given), body (raw string/Buffer/stream), headers,
   * query (object). Resolves {status, headers, text, body, contentType}:
   * body is the parsed JSON when the reply is JSON, else the text.
   */
  async request(method, path, { json, body, headers = {}, query } = {}) {
    const h = {};
    if (this.lang) h['accept-language'] = this.lang;
    if (this.cookies.size)
      h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    else if (this.csrf && method !== 'GET' && method !== 'HEAD') h['x-csrf-token'] = this.csrf;
    for (const [k, v] of Object.entries(headers)) h[k.toLowerCase()] = v;
    for (const k of Object.keys(h)) if (h[k] === null || h[k] === undefined) delete h[k];
    if (json !== undefined) {
      body = JSON.stringify(json);
      h['content-type'] ??= 'application/json';
    }
    let url = this.base + path;
    if (query) {
      const qs = new URLSearchParams(
        Object.entries(query).filter(([, v]) => v !== undefined && v !== null),
      ).toString();
      if (qs) url += (url.includes('?') ? '&' : '?') + qs;
    }
    const init = { method, headers: h, body, redirect: 'manual' };
    if (body && typeof body.getReader === 'function') init.duplex = 'half';
    const res = await fetch(url, init);
    const setCookies = res.headers.getSetCookie?.() ??
      (res.headers.get('set-cookie')?.split(/,(?=\s*[^;=\s]+=)/) ?? []);
    for (const c of setCookies) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = !value || attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const contentType = res.headers.get('content-type') || '';
    let parsed = text;
    if (/^application\/json\b/i.test(contentType)) {
      try {
        parsed = text.length ? JSON.parse(text) : null;
      } catch (e) {
        assert.fail(`${method} ${path}: invalid JSON in a JSON reply (${e.message}): ${text.slice(0, 300)}`);
      }
    }
    return { status: res.status, headers: res.headers, text, body: parsed, contentType };
  }

  /**
   * request() on PATTERN filled from OPTS.params, then validateResponse()
   * against the operation METHOD PATTERN of docs/openapi.yaml.
   */
  async call(method, pattern, { params, ...opts } = {}) {
    const res = await this.request(method, fillPattern(pattern, params), opts);
    validateResponse(method, pattern, res.status, res.text === '' ? null : res.body, res.text === '' ? undefined : res.contentType);
    return res;
  }

  /** POST /api/v1/session; keeps the cookie and the CSRF token on success. */
  async login(username, password) {
    const res = await this.call('POST', '/api/v1/session', { json: { username, password } });
    if (res.status === 200) {
      this.csrf = res.body.csrf_token;
      this.user = res.body.user;
    }
    return res;
  }

  /** DELETE /api/v1/session; forgets the cookie and the CSRF token. */
  async logout() {
    const res = await this.call('DELETE', '/api/v1/session');
    this.cookies.delete('msup_session');
    this.csrf = null;
    this.user = null;
    return res;
  }

  /** Authenticate with a bearer token from now on (no cookie, no CSRF). */
  useToken(token) {
    this.bearer = token;
    this.cookies.clear();
    this.csrf = null;
  }
}

/**
 * Assert RES is an error reply of STATUS with the documented shape
 * {"error":{"code","message","field"}}, code CODE (if given) and field
 * FIELD (if given; null for none).
 */
export function assertError(res, status, code, field) {
  const what = `${res.status} ${res.text.slice(0, 300)}`;
  assert.equal(res.status, status, `expected status ${status}, got ${what}`);
  assert.match(res.contentType, /^application\/json/, `error reply is not JSON: ${what}`);
  assert.ok(res.body && typeof res.body.error === 'object', `no "error" object: ${what}`);
  const e = res.body.error;
  assert.deepEqual(Object.keys(e).sort(), ['code', 'field', 'message'], `error members: ${what}`);
  assert.equal(typeof e.code, 'string');
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0, 'empty error message');
  if (code !== undefined) assert.equal(e.code, code, `error code: ${what}`);
  if (field !== undefined) assert.equal(e.field, field, `error field: ${what}`);
  return e;
}

/**
 * Open a raw TCP connection to PORT on 127.0.0.1. Resolves a handle with
 * write(text), response() (resolves the first complete HTTP/1.1 response
 * read: {status, headers, body}, or rejects when the connection closes
 * first), closed (resolves when the server closes it) and end().
 */
export async function rawConnect(port) {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  let buf = Buffer.alloc(0);
  let waiters = [];
  let isClosed = false;
  const closed = new Promise((resolve) => sock.on('close', () => resolve(true)));
  sock.on('error', () => {});
  const check = () => {
    const parsed = parseResponse(buf);
    waiters = waiters.filter((w) => {
      if (parsed) w.resolve(parsed);
      else if (isClosed) w.reject(new Error(`connection closed before a complete response (${buf.length} bytes read)`));
      else return true;
      return false;
    });
  };
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    check();
  });
  sock.on('close', () => {
    isClosed = true;
    check();
  });
  return {
    socket: sock,
    closed,
    write: (text) => new Promise((resolve) => sock.write(text, resolve)),
    response: () =>
      new Promise((resolve, reject) => {
        waiters.push({ resolve, reject });
        check();
      }),
    end: () => sock.destroy(),
  };
}

/** A complete HTTP/1.1 response at the start of BUF (Content-Length bodies), or null. */
function parseResponse(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0]);
  if (!m) return null;
  const headers = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const len = Number(headers['content-length'] ?? 0);
  if (buf.length < end + 4 + len) return null;
  return {
    status: Number(m[1]),
    headers,
    body: buf.subarray(end + 4, end + 4 + len).toString('utf8'),
  };
}
