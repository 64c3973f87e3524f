// outbox.js - drafts that must reach the server: each is kept in
// localStorage under its key until a PUT confirms it, retried with backoff
// (and at once when the browser says it is back online), so nothing typed is
// lost when the network drops or the tab is reloaded.

const PREFIX = 'msup.outbox.';

export class Outbox {
  /**
   * KEY: storage key suffix; SEND(data) -> Promise (resolves when the server
   * confirmed). onState({state: 'saved'|'pending'|'saving'|'error', error,
   * attempts}) reports progress. opts: storage, delays (ms, last one repeats),
   * timers {set, clear}.
   */
  constructor(key, send, onState, opts = {}) {
    this.key = PREFIX + key;
    this.send = send;
    this.onState = onState || (() => {});
    this.storage = opts.storage || globalThis.localStorage;
    this.delays = opts.delays || [1000, 2000, 5000, 10000, 30000];
    this.timers = opts.timers || { set: (f, ms) => setTimeout(f, ms), clear: (t) => clearTimeout(t) };
    this.attempts = 0;
    this.timer = null;
    this.inflight = null;
    this.stopped = false;
    this.online = () => this.flush();
    globalThis.addEventListener?.('online', this.online);
  }

  /** The draft not yet confirmed by the server, or null. */
  pending() {
    const s = this.storage.getItem(this.key);
    if (!s) return null;
    try {
      return JSON.parse(s).data;
    } catch {
      return null;
    }
  }

  /** Keep DATA (replacing any earlier draft) and send it soon. */
  put(data, { delay = 800 } = {}) {
    this.version = (this.version || 0) + 1;
    this.storage.setItem(this.key, JSON.stringify({ v: this.version, data }));
    this.onState({ state: 'pending', attempts: this.attempts });
    this.schedule(delay);
  }

  schedule(ms) {
    if (this.stopped) return;
    if (this.timer) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.flush();
    }, ms);
  }

  /** Send the stored draft now; resolves true when the server confirmed it. */
  async flush() {
    if (this.inflight) return this.inflight;
    const raw = this.storage.getItem(this.key);
    if (!raw) return true;
    const { v, data } = JSON.parse(raw);
    this.onState({ state: 'saving', attempts: this.attempts });
    this.inflight = (async () => {
      try {
        await this.send(data);
        this.attempts = 0;
        const now = this.storage.getItem(this.key);
        // a newer draft typed meanwhile stays queued
        if (now && JSON.parse(now).v === v) {
          this.storage.removeItem(this.key);
          this.onState({ state: 'saved', attempts: 0 });
        } else this.schedule(0);
        return true;
      } catch (error) {
        // a 4xx other than 408/429 will not get better by retrying
        const s = error?.status;
        if (s >= 400 && s < 500 && s !== 408 && s !== 429) {
          this.onState({ state: 'error', error, attempts: this.attempts });
          return false;
        }
        const d = this.delays[Math.min(this.attempts, this.delays.length - 1)];
        this.attempts++;
        this.onState({ state: 'pending', error, attempts: this.attempts });
        this.schedule(d);
        return false;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }

  /** Forget the draft (e.g. after completing) and stop retrying. */
  clear() {
    this.storage.removeItem(this.key);
    this.stop();
  }

  stop() {
    this.stopped = true;
    if (this.timer) this.timers.clear(this.timer);
    globalThis.removeEventListener?.('online', this.online);
  }
}
