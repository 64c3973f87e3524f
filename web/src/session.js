// session.js - who is logged in, the CSRF token (kept in sessionStorage so a
// reload keeps working), and the idle logout after 30 minutes without
// activity, matching the server's idle timeout.
import { reactive } from 'vue';
import { api, configure } from './api.js';

export const IDLE_MS = 30 * 60 * 1000;
export const session = reactive({ user: null, ready: false, mustChange: false, notFound: false });

let idleTimer = null;
let onIdle = null;
export function setIdleHandler(f) {
  onIdle = f;
}
function touch() {
  if (!session.user) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => onIdle?.(), IDLE_MS);
}
if (globalThis.window) for (const ev of ['pointerdown', 'keydown']) window.addEventListener(ev, touch, { passive: true });
configure({ onActivity: touch });

function setCsrf(t) {
  configure({ csrf: t });
  if (t) sessionStorage.setItem('msup.csrf', t);
  else sessionStorage.removeItem('msup.csrf');
}

export async function restore() {
  setCsrf(sessionStorage.getItem('msup.csrf'));
  // no token in this tab: not logged in here (the cookie alone cannot write)
  if (!sessionStorage.getItem('msup.csrf')) {
    session.user = null;
    session.ready = true;
    return;
  }
  try {
    const me = await api.get('/me');
    session.user = me.user;
    session.mustChange = !!me.password_change_required;
    touch();
  } catch {
    session.user = null;
  }
  session.ready = true;
}

export async function login(username, password) {
  const r = await api.post('/session', { username, password });
  setCsrf(r.csrf_token);
  session.user = r.user;
  session.mustChange = !!r.password_change_required;
  touch();
  return r;
}

export async function logout() {
  try {
    if (session.user) await api.del('/session');
  } catch {
    /* already gone */
  }
  forget();
}

export function forget() {
  clearTimeout(idleTimer);
  session.user = null;
  session.mustChange = false;
  setCsrf(null);
}

export const hasRole = (...roles) => !!session.user && roles.includes(session.user.role);
