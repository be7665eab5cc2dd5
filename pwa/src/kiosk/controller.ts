/**
 * Kiosk session rules, apart from the screens: a card on the reader asks for the PIN; the PIN logs in
 * through the gateway (a first login with the PIN the village sent asks for the resident's own PIN, typed
 * twice); removing the card, 60 s without a touch, or "Selesai" ends the session and forgets everything on
 * screen. The gateway holds the session and ends it on its own too (card off its reader, idle, token
 * expired): its `session.ended` wipes the screen the same way. Nothing here survives a session.
 */
import { createStore, type Store } from "../lib/store";
import type { BridgeEvent, EndReason, KioskBridge, KioskSession, LoginOutcome } from "./bridge";

export type Notice = "removed" | "idle" | "expired" | "reader";

export type KioskView =
  | { step: "tap"; notice?: Notice; message?: string }
  | { step: "pin"; uid: string; error?: string; busy?: boolean }
  | { step: "newpin"; uid: string; first?: string; error?: string; busy?: boolean }
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

const NOTICE_OF: Record<EndReason, Notice | undefined> = {
  card_removed: "removed",
  idle: "idle",
  expired: "expired",
  logout: undefined,
};

/** PINs an operator would refuse anyway: the same digit six times, or a straight run. */
export function weakPin(pin: string): boolean {
  return /^(\d)\1{5}$/.test(pin) || "0123456789".includes(pin) || "9876543210".includes(pin);
}

export class KioskController {
  readonly view: Store<KioskView> = createStore<KioskView>({ step: "tap" });
  /** Bumped on every session end: screens key their state on it so nothing lingers. */
  readonly generation: Store<number> = createStore(0);
  /** The centre link as the gateway last reported it (requests are queued while it is down). */
  readonly centreOnline: Store<boolean> = createStore<boolean>(true);
  private idleHandle: unknown = null;
  private unsub: (() => void) | null = null;
  private idleMs: number;

  constructor(
    private readonly bridge: KioskBridge,
    private readonly timers: Timers = realTimers,
    idleMs: number = IDLE_MS,
  ) {
    this.idleMs = idleMs;
  }

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
      case "hello":
        this.centreOnline.set(e.centre !== "offline");
        // The gateway restarted (or another screen logged out): a session shown here no longer exists.
        if (!e.session_active && v.step === "session") this.wipe(undefined);
        return;
      case "centre.online":
      case "centre.offline":
        this.centreOnline.set(e.type === "centre.online");
        return;
      case "card.presented":
        if (v.step !== "tap" && v.uid === e.uid) return; // the same card (a reconnected socket says so again)
        if (v.step === "session") void this.end(undefined);
        this.view.set({ step: "pin", uid: e.uid });
        this.touch();
        return;
      case "card.removed":
        if (v.step !== "tap") void this.end("removed");
        return;
      case "session.ended":
        if (v.step === "session") this.wipe(NOTICE_OF[e.reason]);
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
    this.bridge.activity();
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
    await this.settle(v.uid, "pin", () => this.bridge.login(pin, v.uid));
  }

  /** First login: the new PIN, then the same again; then the gateway changes it and logs in. */
  async submitNewPin(pin: string): Promise<void> {
    const v = this.view.get();
    if (v.step !== "newpin" || v.busy) return;
    this.touch();
    if (v.first === undefined) {
      this.view.set(weakPin(pin) ? { step: "newpin", uid: v.uid, error: "weak" } : { step: "newpin", uid: v.uid, first: pin });
      return;
    }
    if (pin !== v.first) {
      this.view.set({ step: "newpin", uid: v.uid, error: "mismatch" });
      return;
    }
    this.view.set({ ...v, busy: true, error: undefined });
    await this.settle(v.uid, "newpin", () => this.bridge.changePin(pin));
  }

  private async settle(uid: string, step: "pin" | "newpin", call: () => Promise<LoginOutcome>): Promise<void> {
    try {
      const outcome = await call();
      const now = this.view.get();
      if (now.step !== step || now.uid !== uid) return; // the card left meanwhile
      if (outcome.status === "must_change_pin") this.view.set({ step: "newpin", uid });
      else {
        const { status: _, ...session } = outcome;
        if (session.idle_timeout_s > 0) this.idleMs = session.idle_timeout_s * 1000;
        this.view.set({ step: "session", uid, session });
        this.touch();
      }
    } catch (e) {
      const now = this.view.get();
      if (now.step === step && now.uid === uid) {
        this.view.set({ step: "pin", uid, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  /** End the session (or the PIN prompt) here and at the gateway, and wipe everything. */
  async end(notice: "removed" | "idle" | undefined): Promise<void> {
    const atGateway = this.view.get().step !== "tap";
    this.wipe(notice);
    if (atGateway) {
      try {
        await this.bridge.logout();
      } catch {
        /* the gateway ends sessions on card removal and idle by itself anyway */
      }
    }
  }

  private wipe(notice: Notice | undefined): void {
    this.clearIdle();
    this.view.set(notice ? { step: "tap", notice } : { step: "tap" });
    this.generation.set((g) => g + 1);
  }
}
