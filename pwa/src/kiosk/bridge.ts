/**
 * The kiosk bridge: how the PWA's kiosk mode talks to the kiosk gateway (services/kiosk-gateway) on the
 * kiosk PC. The gateway's README ("The bridge") is the reference; this is the client side of it.
 *
 * ## Where
 * The gateway listens on loopback only, base `http://127.0.0.1:8787/bridge`. The kiosk's browser opens
 * `https://<centre>/kiosk?bridge=http://127.0.0.1:8787/bridge` once and the PWA remembers the address (or
 * the gateway serves the PWA itself, and the page is `http://127.0.0.1:8787/kiosk`). The gateway answers
 * the centre's origin with CORS (and Chromium's Private Network Access preflight); nothing from another host.
 *
 * ## The session stays in the gateway
 * `POST /session` logs the resident in at identity with the card + PIN + the device's key, and the gateway
 * keeps the token: the screen never holds it. Everything for the resident goes through the bridge
 * (`/letter-types`, `/letters`, `/uploads`, `/requests`, `/aid`, `/print`), and the gateway drops it all
 * when the session ends (card taken off, 60 s idle, token expired, logout), saying why (`session.ended`).
 * A letter request made while the centre is unreachable is kept in the gateway's queue (202 `queued`) and
 * sent when the link returns.
 *
 * ## WebSocket `/events` (server -> screen, JSON text frames)
 * `hello` (on connect: centre online/offline/unknown, card on the reader, session active), `reader.status`,
 * `card.presented` {uid}, `card.removed`, `reader.error` {message}, `session.started`, `session.ended`
 * {reason}, `centre.online` / `centre.offline`, `print.status` {job_id, state, message, final},
 * `request.updated` {local_id, status}. The screen sends `{"type":"activity"}` on touches (the gateway's
 * idle timer). Unknown types are ignored; the client reconnects with backoff.
 */
import type { LetterTypeSpec } from "../app/letterform";
import { toLetterRequest, toLetterTypes, type LetterRequest } from "../app/letters";

export type EndReason = "card_removed" | "idle" | "expired" | "logout";

export type BridgeEvent =
  | { type: "hello"; centre: "online" | "offline" | "unknown"; enrolled: boolean; session_active: boolean }
  | { type: "card.presented"; uid: string }
  | { type: "card.removed" }
  | { type: "reader.error"; message: string }
  | { type: "reader.status"; connected: boolean; name?: string }
  | { type: "print.status"; job_id: string; state: "queued" | "printing" | "done" | "error"; message?: string; final?: boolean }
  | { type: "centre.online" }
  | { type: "centre.offline" }
  | { type: "session.started" }
  | { type: "session.ended"; reason: EndReason }
  | { type: "request.updated"; local_id: string; status: string };

export interface BridgeStatus {
  centre_online: boolean;
  reader: { connected: boolean; name?: string };
  printer: { ready: boolean; message?: string };
  ticket_printer: { configured: boolean };
  card_present: boolean;
  queue_length: number;
}

/** A session the gateway holds for the resident (the token stays there). */
export interface KioskSession {
  expires_in: number;
  idle_timeout_s: number;
  resident_name: string | null;
}

export type LoginOutcome = ({ status: "active" } & KioskSession) | { status: "must_change_pin" };

/** A request waiting in (or gone from) the gateway's queue. */
export interface QueuedRequest {
  local_id: string;
  letter_type: string;
  status: "pending" | "waiting_auth" | "sent" | "failed" | string;
  created_at: string;
  error: string | null;
}

export interface LettersAtKiosk {
  centre_online: boolean;
  items: LetterRequest[];
  queued: QueuedRequest[];
}

export interface SubmitOutcome {
  status: "submitted" | "queued";
  local_id: string;
}

export interface RequestBody {
  type: string;
  fields: Record<string, string | number>;
  attachments: string[];
}

export type ConnectionState = "connecting" | "open" | "closed";

/** What kiosk mode needs from the gateway. `HttpBridge` speaks the wire format; `FakeBridge` is for tests. */
export interface KioskBridge {
  connect(): void;
  close(): void;
  onEvent(fn: (e: BridgeEvent) => void): () => void;
  onConnection(fn: (s: ConnectionState) => void): () => void;
  /** A touch on the screen: keeps the gateway's idle timer in step with the screen's. */
  activity(): void;
  /**
   * A keyboard-style USB reader "types" the card number into the kiosk screen (as OpenSID's kiosks do).
   * It becomes a local `card.presented`; the number goes to the gateway with the PIN, and identity
   * normalises the decimal form to the same card. Such readers say nothing when the card leaves: the
   * session then ends on the idle timer or "Selesai".
   */
  typed(uid: string): void;
  status(): Promise<BridgeStatus>;
  login(pin: string, cardUid: string): Promise<LoginOutcome>;
  /** After `must_change_pin`: the resident's own new PIN; the gateway then logs in with it. */
  changePin(newPin: string): Promise<LoginOutcome>;
  logout(): Promise<void>;
  letterTypes(): Promise<LetterTypeSpec[]>;
  letters(): Promise<LettersAtKiosk>;
  upload(kind: string, file: Blob): Promise<string>;
  submit(body: RequestBody, idempotencyKey: string): Promise<SubmitOutcome>;
  aid(): Promise<unknown>;
  print(letterId: string): Promise<{ job_id: string }>;
  ticket(): Promise<{ number: string }>;
}

type Obj = Record<string, unknown>;
const END_REASONS: readonly EndReason[] = ["card_removed", "idle", "expired", "logout"];
const PRINT_STATES = ["queued", "printing", "done", "error"] as const;

/** Parse one WebSocket frame; null for anything that is not a known, well-formed event. */
export function parseBridgeEvent(raw: string): BridgeEvent | null {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof m !== "object" || m === null) return null;
  const o = m as Obj;
  switch (o.type) {
    case "hello": {
      const centre = o.centre === "online" || o.centre === "offline" ? o.centre : "unknown";
      const session = (o.session ?? {}) as Obj;
      return { type: "hello", centre, enrolled: o.enrolled !== false, session_active: session.active === true };
    }
    case "card.presented":
      return typeof o.uid === "string" && o.uid ? { type: "card.presented", uid: o.uid } : null;
    case "card.removed":
      return { type: "card.removed" };
    case "reader.error":
      return { type: "reader.error", message: typeof o.message === "string" ? o.message : "" };
    case "reader.status":
      return { type: "reader.status", connected: o.connected === true, ...(typeof o.name === "string" ? { name: o.name } : {}) };
    case "print.status": {
      const state = PRINT_STATES.find((s) => s === o.state);
      if (!state || typeof o.job_id !== "string") return null;
      return {
        type: "print.status",
        job_id: o.job_id,
        state,
        ...(typeof o.message === "string" ? { message: o.message } : {}),
        ...(typeof o.final === "boolean" ? { final: o.final } : {}),
      };
    }
    case "centre.online":
    case "centre.offline":
      return { type: o.type };
    case "session.started":
      return { type: "session.started" };
    case "session.ended": {
      const reason = END_REASONS.find((r) => r === o.reason);
      return reason ? { type: "session.ended", reason } : null;
    }
    case "request.updated":
      return typeof o.local_id === "string" && typeof o.status === "string"
        ? { type: "request.updated", local_id: o.local_id, status: o.status }
        : null;
    default:
      return null;
  }
}

export function toLoginOutcome(raw: unknown): LoginOutcome {
  const o = (raw ?? {}) as Obj;
  if (o.status === "must_change_pin") return { status: "must_change_pin" };
  if (o.status !== "active") throw new BridgeError("Jawaban anjungan tidak dikenali.", 502);
  return {
    status: "active",
    expires_in: Number(o.expires_in ?? 300),
    idle_timeout_s: Number(o.idle_timeout_s ?? 60),
    resident_name: typeof o.resident_name === "string" && o.resident_name ? o.resident_name : null,
  };
}

export function toLettersAtKiosk(raw: unknown): LettersAtKiosk {
  const o = (raw ?? {}) as Obj;
  const queued = Array.isArray(o.queued) ? (o.queued as Obj[]) : [];
  return {
    centre_online: o.centre_online !== false,
    items: Array.isArray(o.items) ? o.items.map(toLetterRequest) : [],
    queued: queued
      .filter((q) => typeof q.local_id === "string" && q.status !== "sent")
      .map((q) => ({
        local_id: String(q.local_id),
        letter_type: String(q.letter_type ?? ""),
        status: String(q.status ?? ""),
        created_at: String(q.created_at ?? ""),
        error: typeof q.error === "string" ? q.error : null,
      })),
  };
}

export function toBridgeStatus(raw: unknown): BridgeStatus {
  const o = (raw ?? {}) as Obj;
  const reader = (o.reader ?? {}) as Obj;
  const printer = (o.printer ?? {}) as Obj;
  const ticket = (o.ticket_printer ?? {}) as Obj;
  return {
    centre_online: o.centre_online === true,
    reader: { connected: reader.connected === true, ...(typeof reader.name === "string" ? { name: reader.name } : {}) },
    printer: { ready: printer.ready === true, ...(typeof printer.message === "string" ? { message: printer.message } : {}) },
    ticket_printer: { configured: ticket.configured === true },
    card_present: o.card_present === true,
    queue_length: Number(o.queue_length ?? 0),
  };
}

export class BridgeError extends Error {
  constructor(
    message: string,
    public readonly status: number,
    public readonly code: string = "",
  ) {
    super(message);
    this.name = "BridgeError";
  }
}

class Emitter<T> {
  private subs = new Set<(v: T) => void>();
  on(fn: (v: T) => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }
  emit(v: T): void {
    for (const fn of [...this.subs]) fn(v);
  }
}

/** At most one `activity` message per this many ms: a finger sliding over the screen is one touch. */
const ACTIVITY_EVERY_MS = 5_000;

/** The real bridge: HTTP for commands, a WebSocket for events, reconnecting with backoff. */
export class HttpBridge implements KioskBridge {
  private ws: WebSocket | null = null;
  private events = new Emitter<BridgeEvent>();
  private conn = new Emitter<ConnectionState>();
  private closed = true;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastActivity = 0;
  private readonly base: string;

  constructor(base: string) {
    this.base = base.replace(/\/$/, "");
  }

  private wsUrl(): string {
    return `${this.base.replace(/^http/, "ws")}/events`;
  }

  connect(): void {
    this.closed = false;
    this.open();
  }

  private open(): void {
    if (this.closed) return;
    this.conn.emit("connecting");
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.wsUrl());
    } catch {
      this.schedule();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.conn.emit("open");
    };
    ws.onmessage = (m) => {
      const e = typeof m.data === "string" ? parseBridgeEvent(m.data) : null;
      if (e) this.events.emit(e);
    };
    ws.onclose = () => {
      this.ws = null;
      this.conn.emit("closed");
      this.schedule();
    };
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    const delay = Math.min(10_000, 500 * 2 ** this.attempt++);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.open();
    }, delay);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.ws?.close();
    this.ws = null;
  }

  onEvent(fn: (e: BridgeEvent) => void): () => void {
    return this.events.on(fn);
  }

  onConnection(fn: (s: ConnectionState) => void): () => void {
    return this.conn.on(fn);
  }

  activity(): void {
    const now = Date.now();
    if (now - this.lastActivity < ACTIVITY_EVERY_MS || this.ws?.readyState !== WebSocket.OPEN) return;
    this.lastActivity = now;
    this.ws.send(JSON.stringify({ type: "activity" }));
  }

  typed(uid: string): void {
    this.events.emit({ type: "card.presented", uid });
  }

  private async call(method: string, path: string, init: { json?: unknown; body?: Blob; headers?: Record<string, string> } = {}): Promise<unknown> {
    const headers: Record<string, string> = { ...init.headers };
    let body: BodyInit | undefined;
    if (init.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(init.json);
    } else if (init.body) {
      headers["Content-Type"] = init.body.type || "application/octet-stream";
      body = init.body;
    }
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    } catch {
      throw new BridgeError("Anjungan tidak menjawab. Mohon tunggu sebentar lalu coba lagi.", 0, "bridge_unreachable");
    }
    this.lastActivity = Date.now(); // every call counts as activity at the gateway too
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!res.ok && res.status !== 422) throw problemOf(res.status, data);
    if (res.status === 422) {
      const o = (data ?? {}) as Obj;
      // 422 is either the field check of the bridge (a problem) or the centre's refusal of a queued request
      throw o.status === "failed"
        ? new BridgeError(typeof o.error === "string" && o.error ? o.error : "Permintaan ditolak.", 422, "request_failed")
        : problemOf(422, data);
    }
    return data;
  }

  async status(): Promise<BridgeStatus> {
    return toBridgeStatus(await this.call("GET", "/status"));
  }

  async login(pin: string, cardUid: string): Promise<LoginOutcome> {
    // A card on the PC/SC reader wins at the gateway; the number matters for a keyboard-style reader.
    return toLoginOutcome(await this.call("POST", "/session", { json: { pin, card_uid: cardUid } }));
  }

  async changePin(newPin: string): Promise<LoginOutcome> {
    return toLoginOutcome(await this.call("POST", "/session/pin", { json: { new_pin: newPin } }));
  }

  async logout(): Promise<void> {
    await this.call("DELETE", "/session");
  }

  async letterTypes(): Promise<LetterTypeSpec[]> {
    const o = (await this.call("GET", "/letter-types")) as Obj | undefined;
    return toLetterTypes(o?.items);
  }

  async letters(): Promise<LettersAtKiosk> {
    return toLettersAtKiosk(await this.call("GET", "/letters"));
  }

  async upload(kind: string, file: Blob): Promise<string> {
    const o = (await this.call("POST", `/uploads?kind=${encodeURIComponent(kind)}`, { body: file })) as Obj | undefined;
    if (typeof o?.id !== "string") throw new BridgeError("Jawaban anjungan tidak dikenali.", 502);
    return o.id;
  }

  async submit(body: RequestBody, idempotencyKey: string): Promise<SubmitOutcome> {
    const o = (await this.call("POST", "/requests", { json: body, headers: { "Idempotency-Key": idempotencyKey } })) as Obj | undefined;
    return { status: o?.status === "queued" ? "queued" : "submitted", local_id: String(o?.local_id ?? "") };
  }

  aid(): Promise<unknown> {
    return this.call("GET", "/aid");
  }

  async print(letterId: string): Promise<{ job_id: string }> {
    const o = (await this.call("POST", "/print", { json: { letter_id: letterId } })) as Obj | undefined;
    return { job_id: String(o?.job_id ?? "") };
  }

  async ticket(): Promise<{ number: string }> {
    const o = (await this.call("POST", "/ticket", { json: {} })) as Obj | undefined;
    return { number: String(o?.number ?? "") };
  }
}

function problemOf(status: number, data: unknown): BridgeError {
  const o = (data ?? {}) as Obj;
  const detail = typeof o.detail === "string" && o.detail ? o.detail : `HTTP ${status}`;
  return new BridgeError(detail, status, typeof o.code === "string" ? o.code : "");
}
