import { describe, expect, it, vi } from "vitest";
import { decodeJwt, isStaff } from "./jwt";
import { authFetch, RefreshFailed, Session, type KeyValue, type TokenResponse } from "./session";

function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${b64({ alg: "EdDSA" })}.${b64(claims)}.sig`;
}

function memory(): KeyValue & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, get: (k) => data.get(k) ?? null, set: (k, v) => (v === null ? data.delete(k) : data.set(k, v)) as unknown as void };
}

let n = 0;
function pair(expires = 300): TokenResponse {
  n++;
  return { access_token: jwt({ sub: "r1", exp: 9e9, roles: ["resident"], n }), refresh_token: `refresh-${n}`, expires_in: expires };
}

describe("jwt", () => {
  it("reads claims and roles", () => {
    const c = decodeJwt(jwt({ sub: "s", exp: 1, village: "3317092016", roles: ["operator"], name: "Ani" }));
    expect(c?.village).toBe("3317092016");
    expect(c?.name).toBe("Ani");
    expect(isStaff(c)).toBe(true);
    expect(decodeJwt("garbage")).toBeNull();
  });
});

describe("Session", () => {
  it("returns the access token while it is fresh", async () => {
    const refresh = vi.fn();
    const s = new Session({ storage: memory(), refresh, now: () => 1_000 });
    const t = s.accept(pair(300));
    expect(await s.accessToken()).toBe(t.access);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("refreshes shortly before expiry, and rotates the refresh token", async () => {
    let now = 0;
    const refresh = vi.fn(async (r: string) => {
      expect(r).toBe("refresh-first");
      return { ...pair(300), refresh_token: "refresh-second" };
    });
    const s = new Session({ storage: memory(), refresh, now: () => now });
    s.accept({ access_token: jwt({ sub: "r", exp: 1 }), refresh_token: "refresh-first", expires_in: 60 });
    now = 40_000; // 20 s left < 30 s skew
    const token = await s.accessToken();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(s.tokens?.refresh).toBe("refresh-second");
    expect(token).toBe(s.tokens?.access);
  });

  it("sends one refresh for many concurrent callers (a rotated token must never be reused)", async () => {
    let now = 0;
    let release: () => void = () => {};
    const refresh = vi.fn(() => new Promise<TokenResponse>((ok) => (release = () => ok(pair()))));
    const s = new Session({ storage: memory(), refresh, now: () => now });
    s.accept({ access_token: jwt({ sub: "r", exp: 1 }), refresh_token: "old", expires_in: 10 });
    now = 20_000;
    const all = Promise.all([s.accessToken(), s.accessToken(), s.refresh()]);
    await Promise.resolve();
    release();
    const [a, b] = await all;
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
  });

  it("adopts tokens another tab already rotated instead of spending the old refresh token", async () => {
    const store = memory();
    const refresh = vi.fn(async () => pair());
    const s = new Session({ storage: store, refresh, now: () => 0 });
    const old = s.accept(pair());
    const other = new Session({ storage: store, refresh: async () => pair(), now: () => 0 });
    await other.refresh(); // the other tab rotated
    const got = await s.refresh(old.access);
    expect(refresh).not.toHaveBeenCalled();
    expect(got?.access).toBe(other.tokens?.access);
  });

  it("signs out when the refresh token is refused, keeps tokens when offline", async () => {
    const s = new Session({ storage: memory(), refresh: async () => { throw new RefreshFailed("reused", 401); } });
    s.accept(pair());
    expect(await s.refresh()).toBeNull();
    expect(s.tokens).toBeNull();

    const offline = new Session({ storage: memory(), refresh: async () => { throw new TypeError("Failed to fetch"); } });
    offline.accept(pair());
    await expect(offline.refresh()).rejects.toThrow(TypeError);
    expect(offline.tokens).not.toBeNull();
  });
});

describe("authFetch", () => {
  it("adds the bearer token and retries once after a 401 with a refreshed token", async () => {
    const s = new Session({ storage: memory(), refresh: async () => pair(), now: () => 0 });
    const first = s.accept(pair());
    const seen: string[] = [];
    const base = vi.fn(async (r: Request) => {
      seen.push(r.headers.get("Authorization") ?? "");
      expect(await r.text()).toBe('{"a":1}'); // the body survives the retry
      return new Response(null, { status: seen.length === 1 ? 401 : 200 });
    });
    const f = authFetch(s, base as unknown as typeof fetch);
    const res = await f(new Request("http://x/api", { method: "POST", body: '{"a":1}' }));
    expect(res.status).toBe(200);
    expect(seen[0]).toBe(`Bearer ${first.access}`);
    expect(seen[1]).toBe(`Bearer ${s.tokens?.access}`);
    expect(seen[0]).not.toBe(seen[1]);
  });

  it("leaves an explicit Authorization header (the PIN change token) alone", async () => {
    const s = new Session({ storage: memory(), refresh: async () => pair() });
    s.accept(pair());
    const base = vi.fn(async (r: Request) => new Response(r.headers.get("Authorization")));
    const res = await authFetch(s, base as unknown as typeof fetch)(
      new Request("http://x", { headers: { Authorization: "Bearer change" } }),
    );
    expect(await res.text()).toBe("Bearer change");
  });

  it("does not retry without a session", async () => {
    const s = new Session({ storage: memory(), refresh: async () => pair() });
    const base = vi.fn(async () => new Response(null, { status: 401 }));
    expect((await authFetch(s, base as unknown as typeof fetch)(new Request("http://x"))).status).toBe(401);
    expect(base).toHaveBeenCalledTimes(1);
  });
});
