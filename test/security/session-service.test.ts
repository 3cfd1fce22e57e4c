/** Sessions and one-time sign-in tokens: hashed, single use, expiring, weak ones ended on demand. */
import { describe, expect, it } from 'vitest';
import { createSessionService, SESSION_IDLE_MS } from '../../server/services/session-service.js';

describe('session service', () => {
  it('redeems a sign-in token once, and not after it expired', () => {
    let now = 1_000;
    const sessions = createSessionService(() => now);
    const token = sessions.issueSignInToken({ strong: true });
    const session = sessions.redeemSignInToken(token) as string;
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessions.lookup(session)).toEqual({ strong: true });
    expect(sessions.redeemSignInToken(token)).toBeUndefined();
    const shortLived = sessions.issueSignInToken({ strong: true, ttlMs: 100 });
    now += 101;
    expect(sessions.redeemSignInToken(shortLived)).toBeUndefined();
  });

  it('ends idle sessions, keeps used ones alive, and closes them on demand', () => {
    let now = 0;
    const sessions = createSessionService(() => now);
    const used = sessions.open({ strong: true });
    const idle = sessions.open({ strong: true });
    now += SESSION_IDLE_MS - 1;
    expect(sessions.lookup(used)).toBeDefined();
    now += 2;
    expect(sessions.lookup(idle)).toBeUndefined();
    expect(sessions.lookup(used)).toBeDefined();
    sessions.close(used);
    expect(sessions.lookup(used)).toBeUndefined();
  });

  it('ends weak sessions and tokens except the one kept; strengthening saves one', () => {
    const sessions = createSessionService();
    const weak = sessions.open({ strong: false });
    const kept = sessions.open({ strong: false });
    const saved = sessions.open({ strong: false });
    const strong = sessions.open({ strong: true });
    const weakToken = sessions.issueSignInToken({ strong: false });
    sessions.strengthen(saved);
    expect(sessions.closeWeak(kept)).toBe(1);
    expect([weak, kept, saved, strong].map((s) => sessions.lookup(s) !== undefined)).toEqual([false, true, true, true]);
    expect(sessions.redeemSignInToken(weakToken)).toBeUndefined();
  });

  it('ignores junk ids and bounds how many it keeps', () => {
    const sessions = createSessionService();
    for (const junk of ['', 'short', 'x'.repeat(1000)]) expect(sessions.lookup(junk)).toBeUndefined();
    const first = sessions.open({ strong: true });
    for (let i = 0; i < 1000; i++) sessions.open({ strong: true });
    expect(sessions.size).toBe(1000);
    expect(sessions.lookup(first)).toBeUndefined();
  });
});
