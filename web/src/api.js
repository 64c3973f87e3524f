// api.js - the one way the UI talks to msup: fetch with the session cookie,
// the X-CSRF-Token header on every non-GET, Accept-Language from the UI
// locale, JSON in and out. Failures become ApiError {status, code, message,
// field}; 401 calls the unauthorized hook (back to the login page) and 404 on
// a page's main object calls the not-found hook.

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || 'http_' + status;
    this.field = field || null;
  }
}

export const BASE = '/api/v1';

const state = {
  csrf: null,
  lang: 'zh-CN',
  onUnauthorized: null,
  onNotFound: null,
  onActivity: null,
  fetch: (...a) => globalThis.fetch(...a),
};

export function configure(opts) {
  Object.assign(state, opts);
}
export function csrfToken() {
  return state.csrf;
}

/** PATH with QUERY (undefined, null and '' values left out). */
export function withQuery(path, query) {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.append(k, v);
  const s = qs.toString();
  return s ? path + (path.includes('?') ? '&' : '?') + s : path;
}

function headers(method, extra) {
  const h = { Accept: 'application/json', 'Accept-Language': state.lang, ...extra };
  if (method !== 'GET' && method !== 'HEAD' && state.csrf) h['X-CSRF-Token'] = state.csrf;
  return h;
}

async function toError(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  const e = body && body.error;
  const err = new ApiError(res.status, e?.code, e?.message, e?.field);
  err.body = body;
  return err;
}

/**
 * request(method, path, {json, form, query, page, raw}) -> parsed JSON (or
 * null for 204; the Response itself with raw). PAGE: a 404 means the page's
 * object does not exist (or is out of the user's reach): the not-found hook
 * runs.
 */
export async function request(method, path, { json, form, query, page = false, raw = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: headers(method) };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (form !== undefined) {
    init.body = form;
  }
  let res;
  try {
    res = await state.fetch(BASE + withQuery(path, query), init);
  } catch (err) {
    throw new ApiError(0, 'network', err?.message || 'network error');
  }
  state.onActivity?.();
  if (!res.ok) {
    const err = await toError(res);
    if (res.status === 401 && path !== '/session') state.onUnauthorized?.(err);
    if (res.status === 404 && page) state.onNotFound?.(err);
    throw err;
  }
  if (raw) return res;
  if (res.status === 204) return null;
  const ct = res.headers.get('content-type') || '';
  return ct.includes('json') ? res.json() : res.text();
}

export const api = {
  get: (p, o) => request('GET', p, o),
  post: (p, json, o) => request('POST', p, { ...o, json }),
  put: (p, json, o) => request('PUT', p, { ...o, json }),
  patch: (p, json, o) => request('PATCH', p, { ...o, json }),
  del: (p, o) => request('DELETE', p, o),
  form: (p, form, o) => request('POST', p, { ...o, form }),
};

/**
 * POST FORM (FormData) to PATH with XMLHttpRequest so the upload progress
 * is known: onProgress(fraction 0..1). Resolves the parsed JSON reply,
 * rejects with ApiError.
 */
export function upload(path, form, onProgress, XHR = globalThis.XMLHttpRequest) {
  return new Promise((resolve, reject) => {
    const xhr = new XHR();
    xhr.open('POST', BASE + path);
    const h = headers('POST');
    for (const [k, v] of Object.entries(h)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* empty */
      }
      state.onActivity?.();
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(body);
      } else {
        const e = body?.error;
        const err = new ApiError(xhr.status, e?.code, e?.message, e?.field);
        if (xhr.status === 401) state.onUnauthorized?.(err);
        reject(err);
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.send(form);
  });
}

/** Download PATH as a file named NAME (keeps the session cookie). */
export async function download(path, name) {
  const res = await request('GET', path, { raw: true });
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
