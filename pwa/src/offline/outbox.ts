/**
 * The offline queue: a letter request or an order made without a connection waits in IndexedDB and is
 * sent when the link returns — on the `online` event, at app start, on a timer, and when the service
 * worker's Background Sync fires (where the browser has it; the rest works without it).
 *
 * Each item carries an idempotency key made when the person pressed "send", sent as the
 * `Idempotency-Key` header on every try, so a request that reached the server but whose answer was lost
 * makes one letter request (or order), not two.
 */
import { createStore, type Store } from "../lib/store";
import { ProblemError } from "../api/problem";

export type OutboxKind = "letter.request" | "order.place";

export interface OutboxItem {
  /** Also the Idempotency-Key. */
  id: string;
  kind: OutboxKind;
  /** Subject (resident id) who made it: never sent under another person's session. */
  owner: string;
  payload: unknown;
  /** Short human description ("Surat Keterangan Domisili"). */
  label: string;
  createdAt: number;
  attempts: number;
  state: "waiting" | "failed";
  /** Why it failed for good (the service's problem detail), or why the last try did not go through. */
  error?: string;
  nextTryAt?: number;
}

export interface QueueStore {
  all(): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  delete(id: string): Promise<void>;
}

/** What a sender tells the queue. */
export type SendOutcome = { ok: true; result: unknown } | { ok: false; retry: boolean; error: string };

export type Sender = (item: OutboxItem) => Promise<unknown>;

export interface OutboxOptions {
  store: QueueStore;
  senders: Partial<Record<OutboxKind, Sender>>;
  /** Who is signed in now (null = nobody): items of others wait. */
  currentOwner: () => string | null;
  now?: () => number;
  newId?: () => string;
  onSent?: (item: OutboxItem, result: unknown) => void;
}

/** Whether an error means "try again later" (no link, server trouble, not signed in) rather than "refused". */
export function isRetryable(e: unknown): boolean {
  if (e instanceof ProblemError) {
    const s = e.problem.status;
    return s === 0 || s === 401 || s === 408 || s === 425 || s === 429 || s >= 500;
  }
  return true; // TypeError from fetch (offline), aborts, anything unknown
}

export function backoffMs(attempts: number): number {
  return Math.min(5 * 60_000, 2_000 * 2 ** Math.max(0, attempts - 1));
}

export function newKey(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export class Outbox {
  readonly items: Store<OutboxItem[]> = createStore<OutboxItem[]>([]);
  private flushing: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: OutboxOptions) {
    this.now = opts.now ?? Date.now;
  }

  async load(): Promise<OutboxItem[]> {
    const all = (await this.opts.store.all()).sort((a, b) => a.createdAt - b.createdAt);
    this.items.set(all);
    return all;
  }

  async enqueue(kind: OutboxKind, payload: unknown, label: string): Promise<OutboxItem> {
    const owner = this.opts.currentOwner();
    if (!owner) throw new Error("not signed in");
    const item: OutboxItem = {
      id: (this.opts.newId ?? newKey)(),
      kind,
      owner,
      payload,
      label,
      createdAt: this.now(),
      attempts: 0,
      state: "waiting",
    };
    await this.opts.store.put(item);
    await this.load();
    return item;
  }

  async discard(id: string): Promise<void> {
    await this.opts.store.delete(id);
    await this.load();
  }

  /** Try again now, even if the backoff has not run out. */
  async retry(id: string): Promise<void> {
    const item = this.items.get().find((i) => i.id === id);
    if (item) {
      await this.opts.store.put({ ...item, state: "waiting", nextTryAt: 0 });
      await this.flush();
    }
  }

  /** Send every due item of the signed-in person, oldest first. One flush at a time. */
  flush(force = false): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.run(force).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async run(force: boolean): Promise<void> {
    const owner = this.opts.currentOwner();
    for (const item of await this.load()) {
      if (item.state !== "waiting" || item.owner !== owner) continue;
      if (!force && item.nextTryAt && item.nextTryAt > this.now()) continue;
      const sender = this.opts.senders[item.kind];
      if (!sender) continue;
      try {
        const result = await sender(item);
        await this.opts.store.delete(item.id);
        this.opts.onSent?.(item, result);
      } catch (e) {
        const attempts = item.attempts + 1;
        const error = e instanceof Error ? e.message : String(e);
        if (isRetryable(e)) {
          await this.opts.store.put({ ...item, attempts, error, nextTryAt: this.now() + backoffMs(attempts) });
          if (!(e instanceof ProblemError) || e.problem.status === 0) break; // offline: the rest would fail too
        } else {
          await this.opts.store.put({ ...item, attempts, error, state: "failed" });
        }
      }
    }
    await this.load();
  }
}

/** The IndexedDB-backed store. */
export function idbQueueStore(db: {
  all: <T>(s: "outbox") => Promise<T[]>;
  put: <T>(s: "outbox", v: T) => Promise<void>;
  delete: (s: "outbox", k: string) => Promise<void>;
}): QueueStore {
  return {
    all: () => db.all<OutboxItem>("outbox"),
    put: (item) => db.put("outbox", item),
    delete: (id) => db.delete("outbox", id),
  };
}
