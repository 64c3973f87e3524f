import { describe, it, expect, vi, afterEach } from 'vitest';
import { configure } from '../../src/api.js';
import { session, login, setIdleHandler, IDLE_MS, restore } from '../../src/session.js';

const user = { id: 5, username: 'county', role: 'authority' };
const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

describe('session', () => {
  it('logs out after 30 minutes without activity, and activity postpones it', async () => {
    vi.useFakeTimers();
    configure({ fetch: async () => json(200, { user, csrf_token: 'c1', password_change_required: false }) });
    const idle = vi.fn();
    setIdleHandler(idle);
    await login('county', 'pw');
    expect(session.user.username).toBe('county');
    expect(sessionStorage.getItem('msup.csrf')).toBe('c1');
    expect(IDLE_MS).toBe(30 * 60 * 1000);
    vi.advanceTimersByTime(IDLE_MS - 1000);
    window.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(IDLE_MS - 1000);
    expect(idle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(idle).toHaveBeenCalledTimes(1);
  });

  it('reports the forced first password change', async () => {
    configure({ fetch: async () => json(200, { user, csrf_token: 'c2', password_change_required: true }) });
    const r = await login('new', 'pw');
    expect(r.password_change_required).toBe(true);
    expect(session.mustChange).toBe(true);
  });

  it('restores from /me only when this tab holds a CSRF token', async () => {
    const f = vi.fn(async () => json(200, { user, password_change_required: false }));
    configure({ fetch: f });
    await restore();
    expect(f).not.toHaveBeenCalled();
    expect(session.user).toBeNull();
    sessionStorage.setItem('msup.csrf', 'c3');
    await restore();
    expect(f).toHaveBeenCalledTimes(1);
    expect(session.user.username).toBe('county');
  });
});
