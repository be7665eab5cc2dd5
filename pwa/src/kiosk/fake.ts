/**
 * An in-memory gateway for unit tests and demos (`/kiosk?bridge=fake`): the test (or a person at the demo
 * with the on-screen helper) presents and removes cards; logins check a fixed table of cards and PINs; the
 * centre can be switched offline (requests are then queued, as the real gateway does).
 */
import type { LetterTypeSpec } from "../app/letterform";
import type { LetterRequest } from "../app/letters";
import {
  BridgeError,
  type BridgeEvent,
  type BridgeStatus,
  type ConnectionState,
  type KioskBridge,
  type KioskSession,
  type LettersAtKiosk,
  type LoginOutcome,
  type QueuedRequest,
  type RequestBody,
  type SubmitOutcome,
} from "./bridge";

export interface FakeCard {
  uid: string;
  pin: string;
  session: KioskSession;
  /** The PIN was issued by the village: the first login asks for a new one. */
  mustChangePin?: boolean;
}

const DEMO_TYPES: LetterTypeSpec[] = [
  {
    code: "domisili",
    title: "Surat Keterangan Domisili",
    fields: [{ name: "keperluan", label: "Keperluan", kind: "text", required: true }],
    documents: [],
  },
];

export class FakeBridge implements KioskBridge {
  private evs = new Set<(e: BridgeEvent) => void>();
  private conns = new Set<(s: ConnectionState) => void>();
  readonly printed: string[] = [];
  readonly activities: number[] = [];
  readonly submitted: { body: RequestBody; key: string }[] = [];
  cardPresent: string | null = null;
  loggedIn: FakeCard | null = null;
  centreOnline = true;
  private pendingChange: FakeCard | null = null;
  private queued: QueuedRequest[] = [];
  private requests: LetterRequest[] = [];

  constructor(private readonly cards: FakeCard[] = []) {}

  connect(): void {
    for (const fn of this.conns) fn("open");
    this.emit({ type: "hello", centre: this.centreOnline ? "online" : "offline", enrolled: true, session_active: this.loggedIn !== null });
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

  activity(): void {
    this.activities.push(Date.now());
  }

  present(uid: string): void {
    this.emit({ type: "card.presented", uid });
  }

  typed(uid: string): void {
    this.present(uid);
  }

  /** The card leaves the reader: like the gateway, the session ends there too. */
  remove(): void {
    this.emit({ type: "card.removed" });
    if (this.loggedIn) this.endSession("card_removed");
  }

  setCentre(online: boolean): void {
    this.centreOnline = online;
    this.emit({ type: online ? "centre.online" : "centre.offline" });
  }

  endSession(reason: "card_removed" | "idle" | "expired" | "logout"): void {
    this.loggedIn = null;
    this.emit({ type: "session.ended", reason });
  }

  async status(): Promise<BridgeStatus> {
    return {
      centre_online: this.centreOnline,
      reader: { connected: true, name: "Fake reader" },
      printer: { ready: true },
      ticket_printer: { configured: true },
      card_present: this.cardPresent !== null,
      queue_length: this.queued.length,
    };
  }

  private active(card: FakeCard): LoginOutcome {
    this.loggedIn = card;
    this.emit({ type: "session.started" });
    return { status: "active", ...card.session };
  }

  async login(pin: string, cardUid: string): Promise<LoginOutcome> {
    if (!this.centreOnline) throw new BridgeError("Anjungan sedang tidak terhubung ke kantor desa.", 503, "centre_offline");
    const card = this.cards.find((c) => c.uid === (this.cardPresent ?? cardUid));
    if (!card || card.pin !== pin) throw new BridgeError("NIK atau PIN salah.", 401, "wrong_credentials");
    if (card.mustChangePin) {
      this.pendingChange = card;
      return { status: "must_change_pin" };
    }
    return this.active(card);
  }

  async changePin(newPin: string): Promise<LoginOutcome> {
    const card = this.pendingChange;
    if (!card) throw new BridgeError("Tidak ada penggantian PIN yang menunggu.", 409, "no_pin_change");
    card.pin = newPin;
    card.mustChangePin = false;
    this.pendingChange = null;
    return this.active(card);
  }

  async logout(): Promise<void> {
    this.pendingChange = null;
    if (this.loggedIn) this.endSession("logout");
  }

  private session(): FakeCard {
    if (!this.loggedIn) throw new BridgeError("Silakan tempelkan e-KTP Anda dan masukkan PIN.", 401, "no_session");
    return this.loggedIn;
  }

  async letterTypes(): Promise<LetterTypeSpec[]> {
    this.session();
    return DEMO_TYPES;
  }

  async letters(): Promise<LettersAtKiosk> {
    this.session();
    return { centre_online: this.centreOnline, items: [...this.requests], queued: [...this.queued] };
  }

  async upload(kind: string): Promise<string> {
    this.session();
    if (!this.centreOnline) throw new BridgeError("Dokumen hanya dapat dikirim saat anjungan terhubung.", 503, "centre_offline");
    return `upload-${kind}`;
  }

  async submit(body: RequestBody, key: string): Promise<SubmitOutcome> {
    this.session();
    const again = this.submitted.findIndex((s) => s.key === key);
    const local_id = `local-${again >= 0 ? again + 1 : this.submitted.length + 1}`;
    if (again >= 0) return { status: this.queued.some((q) => q.local_id === local_id) ? "queued" : "submitted", local_id };
    this.submitted.push({ body, key });
    const created_at = new Date().toISOString();
    if (!this.centreOnline) {
      this.queued.push({ local_id, letter_type: body.type, status: "pending", created_at, error: null });
      return { status: "queued", local_id };
    }
    const title = DEMO_TYPES.find((t) => t.code === body.type)?.title ?? body.type;
    this.requests.unshift({ id: local_id, village: "", resident_id: "", type_code: body.type, type_title: title, status: "submitted", fields: body.fields, created_at });
    return { status: "submitted", local_id };
  }

  async aid(): Promise<unknown> {
    this.session();
    return { enrolments: [] };
  }

  async print(letterId: string): Promise<{ job_id: string }> {
    this.session();
    this.printed.push(letterId);
    const job_id = String(this.printed.length);
    setTimeout(() => this.emit({ type: "print.status", job_id, state: "done", final: true }), 10);
    return { job_id };
  }

  async ticket(): Promise<{ number: string }> {
    return { number: `A-${String(this.printed.length + 1).padStart(3, "0")}` };
  }
}
