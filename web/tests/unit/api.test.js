import { describe, it, expect, vi, beforeEach } from 'vitest';
import { api, configure, request, upload, withQuery, ApiError } from '../../src/api.js';

function reply(status, body, headers = { 'content-type': 'application/json' }) {
  return new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
}

describe('api client', () => {
  let calls;
  beforeEach(() => {
    calls = [];
    configure({ csrf: 'tok', lang: 'zh-CN', onUnauthorized: null, onNotFound: null, fetch: async (url, init) => (calls.push({ url, init }), calls.next()) });
  });
  const next = (r) => (calls.next = () => r);

  it('sends the CSRF header on writes only, and Accept-Language', async () => {
    next(reply(200, { ok: 1 }));
    await api.get('/me');
    expect(calls[0].init.headers['X-CSRF-Token']).toBeUndefined();
    expect(calls[0].init.headers['Accept-Language']).toBe('zh-CN');
    next(reply(201, { id: 3 }));
    const r = await api.post('/units', { name: 'x' });
    expect(r).toEqual({ id: 3 });
    expect(calls[1].init.headers['X-CSRF-Token']).toBe('tok');
    expect(calls[1].init.headers['Content-Type']).toBe('application/json');
    expect(calls[1].init.body).toBe('{"name":"x"}');
    expect(calls[1].url).toBe('/api/v1/units');
  });

  it('builds queries without empty values', () => {
    expect(withQuery('/standards', { q: '砝码', status: '', unit_id: null, page: 2 })).toBe('/standards?q=%E7%A0%9D%E7%A0%81&page=2');
    expect(withQuery('/x?a=1', { b: 0 })).toBe('/x?a=1&b=0');
  });

  it('turns an error reply into ApiError with its field', async () => {
    next(reply(422, { error: { code: 'invalid_uscc', message: '统一社会信用代码无效', field: 'uscc' } }));
    const e = await api.post('/units', {}).catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(422);
    expect(e.code).toBe('invalid_uscc');
    expect(e.field).toBe('uscc');
    expect(e.message).toBe('统一社会信用代码无效');
  });

  it('calls the 401 hook (not for the login itself) and the 404 hook only for page objects', async () => {
    const onUnauthorized = vi.fn();
    const onNotFound = vi.fn();
    configure({ onUnauthorized, onNotFound });
    next(reply(401, { error: { code: 'unauthorized', message: 'x', field: null } }));
    await expect(api.get('/units')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(api.post('/session', {})).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    next(reply(404, { error: { code: 'not_found', message: 'x', field: 'id' } }));
    await expect(api.get('/units/9')).rejects.toMatchObject({ status: 404 });
    expect(onNotFound).not.toHaveBeenCalled();
    await expect(api.get('/units/9', { page: true })).rejects.toMatchObject({ status: 404 });
    expect(onNotFound).toHaveBeenCalledTimes(1);
  });

  it('reports a network failure as status 0 and a non-JSON error as its HTTP status', async () => {
    configure({ fetch: async () => { throw new TypeError('Failed to fetch'); } });
    await expect(api.get('/me')).rejects.toMatchObject({ status: 0, code: 'network' });
    configure({ fetch: async () => reply(502, 'bad gateway', { 'content-type': 'text/plain' }) });
    await expect(request('GET', '/me')).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('returns null for 204', async () => {
    next(reply(204));
    expect(await api.del('/session')).toBeNull();
  });

  it('uploads with progress and the CSRF header', async () => {
    const sent = {};
    class FakeXHR {
      constructor() { this.upload = {}; this.headers = {}; }
      open(m, u) { sent.method = m; sent.url = u; }
      setRequestHeader(k, v) { this.headers[k] = v; }
      send(body) {
        sent.headers = this.headers; sent.body = body;
        this.upload.onprogress({ lengthComputable: true, loaded: 50, total: 100 });
        this.status = 201; this.responseText = '{"id":7,"sm3":"ab","size":100}';
        this.onload();
      }
    }
    const progress = [];
    const r = await upload('/inspections/1/evidence', 'BODY', (p) => progress.push(p), FakeXHR);
    expect(r.id).toBe(7);
    expect(progress).toEqual([0.5, 1]);
    expect(sent).toMatchObject({ method: 'POST', url: '/api/v1/inspections/1/evidence', body: 'BODY' });
    expect(sent.headers['X-CSRF-Token']).toBe('tok');
  });

  it('rejects a failed upload with the server error', async () => {
    class FakeXHR {
      constructor() { this.upload = {}; }
      open() {}
      setRequestHeader() {}
      send() { this.status = 413; this.responseText = '{"error":{"code":"too_large","message":"过大","field":"file"}}'; this.onload(); }
    }
    await expect(upload('/x', null, null, FakeXHR)).rejects.toMatchObject({ status: 413, field: 'file' });
  });
});
