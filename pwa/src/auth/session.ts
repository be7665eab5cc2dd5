/**
 * The signed-in session: a short-lived access token and a rotating refresh token.
 *
 * Identity rotates the refresh token on every use and revokes the whole chain if a used one comes back,
 * so two refreshes must never race: within a tab one refresh is in flight at a time (single flight),
 * and across tabs the Web Locks API serialises them; after taking the lock we re-read storage, and if
 * another tab already rotated, we adopt its tokens instead of spending ours again.
 */
import { createStore, type Store } from "../lib/store";
import { decodeJwt, type Claims } from "./jwt";

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
}

export interface Tokens {
  access: string;
  refresh: string | null;
  /** ms since epoch */
  expiresAt: number;
}

export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

export class RefreshFailed extends Error {
  constructor(
    message: string,
    public readonly status: number,
  ) {
    super(message);
    this.name = "RefreshFailed";
  }
}

export interface SessionOptions {
  storage: KeyValue;
  storageKey?: string;
  /** POST /api/identity/auth/refresh; resolves to the new pair, rejects with RefreshFailed (401 = log in again). */
  refresh: (refreshToken: string) => Promise<TokenResponse>;
  now?: () => number;
  /** Cross-tab mutual exclusion; defaults to navigator.locks when present. */
  lock?: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  /** Refresh this many ms before the access token expires. */
  skewMs?: number;
}

function defaultLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks?.request) return locks.request(name, fn) as Promise<T>;
  return fn();
}

export class Session {
  readonly state: Store<Tokens | null>;
  private readonly key: string;
  private readonly now: () => number;
  private readonly skew: number;
  private inflight: Promise<Tokens | null> | null = null;

  constructor(private readonly opts: SessionOptions) {
    this.key = opts.storageKey ?? "balai.session";
    this.now = opts.now ?? Date.now;
    this.skew = opts.skewMs ?? 30_000;
    this.state = createStore<Tokens | null>(this.read());
  }

  private read(): Tokens | null {
    const raw = this.opts.storage.get(this.key);
    if (!raw) return null;
    try {
      const t = JSON.parse(raw) as Tokens;
      return typeof t.access === "string" && typeof t.expiresAt === "number" ? t : null;
    } catch {
      return null;
    }
  }

  get tokens(): Tokens | null {
    return this.state.get();
  }

  get claims(): Claims | null {
    const t = this.tokens;
    return t ? decodeJwt(t.access) : null;
  }

  /** Store a fresh pair from a login or refresh answer. */
  accept(resp: TokenResponse): Tokens {
    const tokens: Tokens = {
      access: resp.access_token,
      refresh: resp.refresh_token ?? null,
      expiresAt: this.now() + resp.expires_in * 1000,
    };
    this.opts.storage.set(this.key, JSON.stringify(tokens));
    this.state.set(tokens);
    return tokens;
  }

  clear(): void {
    this.opts.storage.set(this.key, null);
    this.state.set(null);
  }

  /** Pick up a change made by another tab (storage event). */
  reload(): void {
    this.state.set(this.read());
  }

  private expiring(t: Tokens): boolean {
    return t.expiresAt - this.skew <= this.now();
  }

  /** A usable access token: refreshed first if it is about to expire. Null = not signed in. */
  async accessToken(): Promise<string | null> {
    const t = this.tokens;
    if (!t) return null;
    if (!this.expiring(t)) return t.access;
    if (!t.refresh) return t.access; // kiosk sessions have no refresh token; the server will say 401
    const fresh = await this.refresh(t.access);
    return fresh?.access ?? null;
  }

  /**
   * Rotate the refresh token. `staleAccess` is the access token the caller found wanting: if the stored
   * one differs by the time we hold the lock, someone else already refreshed.
   */
  refresh(staleAccess?: string): Promise<Tokens | null> {
    if (this.inflight) return this.inflight;
    const run = async (): Promise<Tokens | null> => {
      const current = this.read() ?? this.tokens;
      if (!current) return null;
      if (staleAccess && current.access !== staleAccess && !this.expiring(current)) {
        this.state.set(current);
        return current;
      }
      if (!current.refresh) return null;
      try {
        return this.accept(await this.opts.refresh(current.refresh));
      } catch (e) {
        if (e instanceof RefreshFailed && (e.status === 401 || e.status === 403)) {
          this.clear();
          return null;
        }
        throw e; // offline or server trouble: keep the tokens, try again later
      }
    };
    const lock = this.opts.lock ?? defaultLock;
    this.inflight = lock("balai-token-refresh", run).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }
}

/**
 * fetch() with the bearer token, and one refresh-and-retry on 401. An explicit Authorization header
 * (e.g. the first-login PIN change token) is left alone.
 */
export function authFetch(session: Session, baseFetch: typeof fetch = (...a) => globalThis.fetch(...a)) {
  return async (input: Request): Promise<Response> => {
    if (input.headers.has("Authorization")) return baseFetch(input);
    const retry = input.clone();
    const token = await session.accessToken();
    if (token) input.headers.set("Authorization", `Bearer ${token}`);
    const res = await baseFetch(input);
    if (res.status !== 401 || !token || !session.tokens?.refresh) return res;
    const fresh = await session.refresh(token);
    if (!fresh) return res;
    retry.headers.set("Authorization", `Bearer ${fresh.access}`);
    return baseFetch(retry);
  };
}
