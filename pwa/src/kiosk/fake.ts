/**
 * An in-memory bridge for unit tests and demos (`/kiosk?bridge=fake`): the test (or a person at the demo
 * with the on-screen helper) presents and removes cards; logins check a fixed table of cards and PINs.
 */
import { BridgeError, type BridgeEvent, type BridgeStatus, type ConnectionState, type KioskBridge, type KioskSession } from "./bridge";

export interface FakeCard {
  uid: string;
  pin: string;
  session: KioskSession;
}

export class FakeBridge implements KioskBridge {
  private evs = new Set<(e: BridgeEvent) => void>();
  private conns = new Set<(s: ConnectionState) => void>();
  readonly printed: string[] = [];
  cardPresent: string | null = null;
  loggedIn = false;

  constructor(private readonly cards: FakeCard[] = []) {}

  connect(): void {
    for (const fn of this.conns) fn("open");
    this.emit({ type: "reader.status", connected: true, name: "Fake reader" });
  }

  close(): void {
    for (const fn of this.conns) fn("closed");
  }

  onEvent(fn: (e: BridgeEvent) => void): () => void {
    this.evs.add(fn);
    return () => this.evs.delete(fn);
  }

  onConnection(fn: (s: ConnectionState) => void): () => void {
    this.conns.add(fn);
    return () => this.conns.delete(fn);
  }

  emit(e: BridgeEvent): void {
    if (e.type === "card.presented") this.cardPresent = e.uid;
    if (e.type === "card.removed") this.cardPresent = null;
    for (const fn of [...this.evs]) fn(e);
  }

  present(uid: string): void {
    this.emit({ type: "card.presented", uid });
  }

  typed(uid: string): void {
    this.present(uid);
  }

  remove(): void {
    this.emit({ type: "card.removed" });
  }

  async status(): Promise<BridgeStatus> {
    return {
      reader: { connected: true, name: "Fake reader" },
      printer: { ready: true },
      centre_online: true,
      card_present: this.cardPresent !== null,
    };
  }

  async login(cardUid: string, pin: string): Promise<KioskSession> {
    const card = this.cards.find((c) => c.uid === cardUid);
    if (!card || card.pin !== pin) throw new BridgeError("NIK atau PIN salah.", 401);
    this.loggedIn = true;
    return card.session;
  }

  async logout(): Promise<void> {
    this.loggedIn = false;
  }

  async print(letterId: string): Promise<{ job_id: string }> {
    this.printed.push(letterId);
    const job_id = String(this.printed.length);
    setTimeout(() => this.emit({ type: "print.status", job_id, state: "done" }), 10);
    return { job_id };
  }
}
