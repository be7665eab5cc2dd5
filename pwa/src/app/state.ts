/** App-wide state: who is signed in, the connection, the offline queue, notifications. */
import { api, session, unwrap } from "../api/client";
import { decodeJwt, type Claims } from "../auth/jwt";
import { createStore } from "../lib/store";
import { clearCache } from "../offline/cache";
import { idb } from "../offline/db";
import { idbQueueStore, Outbox, type OutboxItem } from "../offline/outbox";
import { lettersApi, type LetterRequestIn } from "./letters";
import type { components as Market } from "../api/generated/marketplace";

export const claims = createStore<Claims | null>(session.claims);
session.state.subscribe((t) => claims.set(t ? decodeJwt(t.access) : null));

export const online = createStore<boolean>(typeof navigator === "undefined" ? true : navigator.onLine);

export interface Toast {
  id: number;
  text: string;
  kind: "ok" | "info" | "error";
}
export const toasts = createStore<Toast[]>([]);
let toastSeq = 0;
export function toast(text: string, kind: Toast["kind"] = "ok"): void {
  const id = ++toastSeq;
  toasts.set((all) => [...all, { id, text, kind }]);
  setTimeout(() => toasts.set((all) => all.filter((x) => x.id !== id)), 6000);
}

/** Bumped whenever queued work reached the server, so lists reload. */
export const sentCount = createStore(0);

export type OrderIn = Market["schemas"]["OrderIn"];

async function sendOrder(item: OutboxItem): Promise<unknown> {
  return unwrap(
    api.marketplace.POST("/orders", {
      body: item.payload as OrderIn,
      params: { header: { "idempotency-key": item.id } },
    }),
  );
}

async function sendLetter(item: OutboxItem): Promise<unknown> {
  return lettersApi.submit(item.payload as LetterRequestIn, item.id);
}

export const outbox = new Outbox({
  store: idbQueueStore(idb),
  senders: { "order.place": sendOrder, "letter.request": sendLetter },
  currentOwner: () => claims.get()?.sub ?? null,
  onSent: (item) => {
    toast(`✓ ${item.label}`);
    sentCount.set((n) => n + 1);
  },
});

/** Queue work and try to send it straight away (it stays queued when offline). */
export async function enqueue(kind: OutboxItem["kind"], payload: unknown, label: string): Promise<OutboxItem> {
  const item = await outbox.enqueue(kind, payload, label);
  void requestBackgroundSync();
  await outbox.flush(true);
  return item;
}

async function requestBackgroundSync(): Promise<void> {
  try {
    const reg = await navigator.serviceWorker?.ready;
    const sync = (reg as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync;
    await sync?.register("balai-outbox");
  } catch {
    /* no Background Sync: the online event and the timer do the job */
  }
}

let started = false;
/** Wire the retry triggers: app start, `online`, a timer, the service worker's sync message. */
export function startSync(): void {
  if (started || typeof window === "undefined") return;
  started = true;
  const flush = () => void outbox.flush().catch(() => undefined);
  window.addEventListener("online", () => {
    online.set(true);
    void outbox.flush(true).catch(() => undefined);
  });
  window.addEventListener("offline", () => online.set(false));
  navigator.serviceWorker?.addEventListener("message", (e: MessageEvent) => {
    if ((e.data as { type?: string } | null)?.type === "flush-outbox") flush();
  });
  setInterval(() => navigator.onLine && flush(), 20_000);
  claims.subscribe((c) => c && flush());
  void outbox.load().then(flush, () => undefined);
}

export async function logout(): Promise<void> {
  const refresh = session.tokens?.refresh;
  session.clear();
  await clearCache();
  if (refresh) {
    try {
      await api.identity.POST("/auth/logout", { body: { refresh_token: refresh } });
    } catch {
      /* offline: the refresh token expires on its own */
    }
  }
}

export { notAvailable } from "./state-helpers";
