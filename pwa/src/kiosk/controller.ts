/**
 * Kiosk session rules, apart from the screens: a card on the reader asks for the PIN; the PIN logs in
 * through the bridge; removing the card, 60 s without a touch, or "Selesai" ends the session and forgets
 * everything (token, PIN digits, the resident's data on screen). Nothing here survives a session.
 */
import { createStore, type Store } from "../lib/store";
import type { BridgeEvent, KioskBridge, KioskSession } from "./bridge";

export type KioskView =
  | { step: "tap"; notice?: "removed" | "idle" | "reader"; message?: string }
  | { step: "pin"; uid: string; error?: string; busy?: boolean }
  | { step: "session"; uid: string; session: KioskSession };

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const IDLE_MS = 60_000;

export class KioskController {
  readonly view: Store<KioskView> = createStore<KioskView>({ step: "tap" });
  /** Bumped on every session end: screens key their state on it so nothing lingers. */
  readonly generation: Store<number> = createStore(0);
  private idleHandle: unknown = null;
  private unsub: (() => void) | null = null;

  constructor(
    private readonly bridge: KioskBridge,
    private readonly timers: Timers = realTimers,
    private readonly idleMs: number = IDLE_MS,
  ) {}

  start(): void {
    this.unsub = this.bridge.onEvent((e) => this.onEvent(e));
    this.bridge.connect();
  }

  stop(): void {
    this.unsub?.();
    this.bridge.close();
    this.clearIdle();
  }

  private onEvent(e: BridgeEvent): void {
    const v = this.view.get();
    switch (e.type) {
      case "card.presented":
        if (v.step === "session" && v.uid === e.uid) return;
        if (v.step === "session") void this.end(undefined);
        this.view.set({ step: "pin", uid: e.uid });
        this.touch();
        return;
      case "card.removed":
        if (v.step !== "tap") void this.end("removed");
        return;
      case "reader.error":
        if (v.step !== "session") this.view.set({ step: "tap", notice: "reader", message: e.message });
        return;
      default:
        return;
    }
  }

  /** Any touch or key press on the kiosk screen. */
  touch(): void {
    this.clearIdle();
    if (this.view.get().step === "tap") return;
    this.idleHandle = this.timers.set(() => void this.end("idle"), this.idleMs);
  }

  private clearIdle(): void {
    if (this.idleHandle !== null) this.timers.clear(this.idleHandle);
    this.idleHandle = null;
  }

  async submitPin(pin: string): Promise<void> {
    const v = this.view.get();
    if (v.step !== "pin" || v.busy) return;
    this.touch();
    this.view.set({ ...v, busy: true, error: undefined });
    try {
      const session = await this.bridge.login(v.uid, pin);
      const now = this.view.get();
      if (now.step !== "pin" || now.uid !== v.uid) return; // card left meanwhile
      this.view.set({ step: "session", uid: v.uid, session });
    } catch (e) {
      const now = this.view.get();
      if (now.step === "pin" && now.uid === v.uid) {
        this.view.set({ step: "pin", uid: v.uid, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  /** End the session (or the PIN prompt) and wipe everything. */
  async end(notice: "removed" | "idle" | undefined): Promise<void> {
    const wasSession = this.view.get().step === "session";
    this.clearIdle();
    this.view.set(notice ? { step: "tap", notice } : { step: "tap" });
    this.generation.set((g) => g + 1);
    if (wasSession) {
      try {
        await this.bridge.logout();
      } catch {
        /* the gateway forgets sessions on card removal anyway */
      }
    }
  }
}
