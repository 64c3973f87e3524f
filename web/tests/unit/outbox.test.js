import { describe, it, expect } from 'vitest';
import { Outbox } from '../../src/outbox.js';

function memStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k), m };
}
function manualTimers() {
  const q = [];
  return { set: (f, ms) => (q.push({ f, ms }), q.length), clear: (t) => q[t - 1] && (q[t - 1].f = null), q,
    async runAll() { while (q.some((x) => x.f)) { const x = q.find((y) => y.f); const f = x.f; x.f = null; await f(); } } };
}

describe('Outbox', () => {
  it('keeps the draft until the server confirms, retrying with backoff', async () => {
    const storage = memStorage();
    const timers = manualTimers();
    let fail = 2;
    const sent = [];
    const states = [];
    const ob = new Outbox('i1', async (d) => { sent.push(d); if (fail-- > 0) throw Object.assign(new Error('offline'), { status: 0 }); }, (s) => states.push(s.state), { storage, timers, delays: [10, 20] });
    ob.put([{ item_no: 1, verdict: 'conform' }]);
    expect(JSON.parse(storage.getItem('msup.outbox.i1')).data).toEqual([{ item_no: 1, verdict: 'conform' }]);
    await timers.runAll();
    expect(sent.length).toBe(3);
    expect(timers.q.map((x) => x.ms)).toEqual([800, 10, 20]);
    expect(storage.getItem('msup.outbox.i1')).toBeNull();
    expect(states.at(-1)).toBe('saved');
    ob.stop();
  });

  it('survives a reload: a new outbox finds the pending draft', () => {
    const storage = memStorage();
    const timers = manualTimers();
    new Outbox('i2', async () => { throw new Error('x'); }, null, { storage, timers }).put({ a: 1 });
    const again = new Outbox('i2', async () => {}, null, { storage, timers });
    expect(again.pending()).toEqual({ a: 1 });
  });

  it('does not drop a newer draft typed while the older one was in flight', async () => {
    const storage = memStorage();
    const timers = manualTimers();
    let release;
    const sent = [];
    const ob = new Outbox('i3', (d) => { sent.push(d); return sent.length === 1 ? new Promise((r) => (release = r)) : Promise.resolve(); }, null, { storage, timers });
    ob.put('v1');
    const first = ob.flush();
    ob.put('v2');
    release();
    await first;
    expect(ob.pending()).toBe('v2');
    await timers.runAll();
    expect(sent).toEqual(['v1', 'v2']);
    expect(ob.pending()).toBeNull();
  });

  it('stops retrying on a 4xx refusal and reports it', async () => {
    const storage = memStorage();
    const timers = manualTimers();
    const states = [];
    const ob = new Outbox('i4', async () => { throw Object.assign(new Error('bad verdict'), { status: 422 }); }, (s) => states.push(s), { storage, timers });
    ob.put('x');
    await timers.runAll();
    expect(states.at(-1).state).toBe('error');
    expect(states.at(-1).error.message).toBe('bad verdict');
    expect(ob.pending()).toBe('x');
  });
});
