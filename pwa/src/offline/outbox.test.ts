import "fake-indexeddb/auto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ProblemError, toProblem } from "../api/problem";
import { idb, resetDb } from "./db";
import { backoffMs, idbQueueStore, isRetryable, Outbox, type OutboxItem } from "./outbox";

let now = 1_000;
let owner: string | null = "resident-1";

function outbox(sender: (i: OutboxItem) => Promise<unknown>, onSent?: (i: OutboxItem, r: unknown) => void) {
  let k = 0;
  return new Outbox({
    store: idbQueueStore(idb),
    senders: { "letter.request": sender, "order.place": sender },
    currentOwner: () => owner,
    now: () => now,
    newId: () => `key-${++k}`,
    ...(onSent ? { onSent } : {}),
  });
}

beforeEach(async () => {
  now = 1_000;
  owner = "resident-1";
  resetDb();
  await idb.clear("outbox");
});

describe("Outbox", () => {
  it("keeps a request made offline in IndexedDB and sends it when the link returns, with its key", async () => {
    let online = false;
    const keys: string[] = [];
    const sender = vi.fn(async (i: OutboxItem) => {
      keys.push(i.id);
      if (!online) throw new TypeError("Failed to fetch");
      return { id: "letter-1" };
    });
    const sent = vi.fn();
    const box = outbox(sender, sent);
    await box.enqueue("letter.request", { type: "domisili" }, "Surat Keterangan Domisili");
    await box.flush();
    expect(box.items.get()).toHaveLength(1);
    expect(box.items.get()[0]).toMatchObject({ state: "waiting", attempts: 1 });

    // a new page (app start) sees the same queue from IndexedDB
    const again = outbox(sender, sent);
    expect(await again.load()).toHaveLength(1);

    online = true;
    await again.flush(true);
    expect(again.items.get()).toHaveLength(0);
    expect(sent).toHaveBeenCalledWith(expect.objectContaining({ id: "key-1" }), { id: "letter-1" });
    expect(new Set(keys)).toEqual(new Set(["key-1"])); // every try used the same idempotency key
  });

  it("waits for the backoff unless forced", async () => {
    const sender = vi.fn(async () => {
      throw new TypeError("offline");
    });
    const box = outbox(sender);
    await box.enqueue("order.place", {}, "Pesanan");
    await box.flush();
    await box.flush();
    expect(sender).toHaveBeenCalledTimes(1);
    now += backoffMs(1) + 1;
    await box.flush();
    expect(sender).toHaveBeenCalledTimes(2);
  });

  it("marks an item failed when the service refuses it, and keeps going with the others", async () => {
    const sender = vi.fn(async (i: OutboxItem) => {
      if ((i.payload as { bad?: boolean }).bad) throw new ProblemError(toProblem(422, { detail: "Stok tidak cukup." }));
      return {};
    });
    const box = outbox(sender);
    await box.enqueue("order.place", { bad: true }, "A");
    now++;
    await box.enqueue("order.place", {}, "B");
    await box.flush();
    expect(box.items.get()).toEqual([expect.objectContaining({ label: "A", state: "failed", error: "Stok tidak cukup." })]);
    await box.discard("key-1");
    expect(box.items.get()).toEqual([]);
  });

  it("never sends another person's queued request", async () => {
    const sender = vi.fn(async () => ({}));
    const box = outbox(sender);
    await box.enqueue("letter.request", {}, "A");
    owner = "resident-2";
    await box.flush(true);
    expect(sender).not.toHaveBeenCalled();
    owner = "resident-1";
    await box.flush(true);
    expect(sender).toHaveBeenCalledTimes(1);
  });

  it("runs one flush at a time", async () => {
    let release: () => void = () => {};
    const sender = vi.fn(() => new Promise((ok) => (release = () => ok({}))));
    const box = outbox(sender);
    await box.enqueue("letter.request", {}, "A");
    const a = box.flush();
    const b = box.flush();
    await new Promise((r) => setTimeout(r, 10));
    release();
    await Promise.all([a, b]);
    expect(sender).toHaveBeenCalledTimes(1);
  });
});

describe("retry policy", () => {
  it("retries network trouble, server errors and sign-in needs; not refusals", () => {
    expect(isRetryable(new TypeError("Failed to fetch"))).toBe(true);
    expect(isRetryable(new ProblemError(toProblem(503, {})))).toBe(true);
    expect(isRetryable(new ProblemError(toProblem(401, {})))).toBe(true);
    expect(isRetryable(new ProblemError(toProblem(429, {})))).toBe(true);
    expect(isRetryable(new ProblemError(toProblem(422, {})))).toBe(false);
    expect(isRetryable(new ProblemError(toProblem(409, {})))).toBe(false);
  });
  it("backs off exponentially up to five minutes", () => {
    expect(backoffMs(1)).toBe(2_000);
    expect(backoffMs(2)).toBe(4_000);
    expect(backoffMs(30)).toBe(300_000);
  });
});
