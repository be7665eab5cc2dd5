/**
 * The kiosk bridge: how the PWA's kiosk mode talks to the kiosk gateway (services/kiosk-gateway) on the
 * kiosk PC. The gateway's README ("The bridge") is the reference; this is the client side of it.
 *
 * The HTTP calls go through a client typed from the gateway's OpenAPI (`openapi/kiosk.json`, made by
 * `npm run openapi:dump` like the services'), so a change of the bridge breaks the build, not the kiosk.
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
import createClient, { type Client } from "openapi-fetch";
import { asIs } from "../api/client";
import type { components, paths } from "../api/generated/kiosk";
import type { LetterTypeSpec } from "../app/letterform";
import { toLetterRequest, toLetterTypes, type LetterRequest } from "../app/letters";

type Schemas = components["schemas"];

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

export function toLoginOutcome(answer: Schemas["SessionAnswer"] | undefined): LoginOutcome {
  if (answer?.status === "must_change_pin") return { status: "must_change_pin" };
  if (answer?.status !== "active") throw new BridgeError("Jawaban anjungan tidak dikenali.", 502);
  return {
    status: "active",
    expires_in: answer.expires_in ?? 300,
    idle_timeout_s: answer.idle_timeout_s ?? 60,
    resident_name: answer.resident_name || null,
  };
}

export function toLettersAtKiosk(answer: Schemas["LettersAnswer"]): LettersAtKiosk {
  return {
    centre_online: answer.centre_online,
    items: answer.items.map(toLetterRequest),
    queued: answer.queued
      .filter((q) => q.status !== "sent") // a sent one is in the centre's list
      .map(({ local_id, letter_type, status, created_at, error }) => ({ local_id, letter_type, status, created_at, error: error ?? null })),
  };
}

export function toBridgeStatus(answer: Schemas["StatusAnswer"]): BridgeStatus {
  return {
    centre_online: answer.centre_online,
    reader: { connected: answer.reader.connected, ...(answer.reader.name ? { name: answer.reader.name } : {}) },
    printer: { ready: answer.printer.ready, ...(answer.printer.message ? { message: answer.printer.message } : {}) },
    ticket_printer: { configured: answer.ticket_printer.configured },
    card_present: answer.card_present,
    queue_length: answer.queue_length,
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
  private readonly http: Client<paths>;

  /** `base`: the bridge's address, e.g. `http://127.0.0.1:8787/bridge`. */
  constructor(base: string) {
    this.base = base.replace(/\/$/, "");
    const origin = this.base.replace(/\/bridge$/, "");
    this.http = createClient<paths>({
      baseUrl: origin,
      fetch: async (request) => {
        try {
          return await fetch(request);
        } catch {
          throw new BridgeError("Anjungan tidak menjawab. Mohon tunggu sebentar lalu coba lagi.", 0, "bridge_unreachable");
        } finally {
          this.lastActivity = Date.now(); // every call counts as activity at the gateway too
        }
      },
    });
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

  status(): Promise<BridgeStatus> {
    return answer(this.http.GET("/bridge/status")).then(toBridgeStatus);
  }

  login(pin: string, cardUid: string): Promise<LoginOutcome> {
    // A card on the PC/SC reader wins at the gateway; the number matters for a keyboard-style reader.
    return answer(this.http.POST("/bridge/session", { body: { pin, card_uid: cardUid } })).then(toLoginOutcome);
  }

  changePin(newPin: string): Promise<LoginOutcome> {
    return answer(this.http.POST("/bridge/session/pin", { body: { new_pin: newPin } })).then(toLoginOutcome);
  }

  async logout(): Promise<void> {
    await answer(this.http.DELETE("/bridge/session"));
  }

  async letterTypes(): Promise<LetterTypeSpec[]> {
    return toLetterTypes((await answer(this.http.GET("/bridge/letter-types"))).items);
  }

  async letters(): Promise<LettersAtKiosk> {
    return toLettersAtKiosk(await answer(this.http.GET("/bridge/letters")));
  }

  async upload(kind: string, file: Blob): Promise<string> {
    const call = this.http.POST("/bridge/uploads", {
      params: { query: { kind } },
      body: file, // the raw photo or PDF
      bodySerializer: asIs,
      headers: { "Content-Type": file.type || "application/octet-stream" },
    });
    return (await answer(call)).id;
  }

  async submit(body: RequestBody, idempotencyKey: string): Promise<SubmitOutcome> {
    const { data, error, response } = await this.http.POST("/bridge/requests", {
      body: { ...body },
      params: { header: { "idempotency-key": idempotencyKey } },
    });
    if (response.status === 422 && data === undefined && (error as { status?: unknown } | undefined)?.status === "failed") {
      const failed = error as Schemas["SubmitAnswer"]; // the centre refused the queued request, with its reason
      throw new BridgeError(failed.error || "Permintaan ditolak.", 422, "request_failed");
    }
    if (!response.ok || data === undefined) throw problemOf(response.status, error);
    return { status: data.status === "queued" || response.status === 202 ? "queued" : "submitted", local_id: data.local_id };
  }

  async aid(): Promise<unknown> {
    return answer(this.http.GET("/bridge/aid"));
  }

  async print(letterId: string): Promise<{ job_id: string }> {
    return answer(this.http.POST("/bridge/print", { body: { letter_id: letterId } }));
  }

  async ticket(): Promise<{ number: string }> {
    return answer(this.http.POST("/bridge/ticket", { body: {} }));
  }
}

/** The answer of a bridge call, or its problem (Indonesian `detail`) as a BridgeError. */
async function answer<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw problemOf(response.status, error);
  return data as D;
}

function problemOf(status: number, data: unknown): BridgeError {
  const o = (data ?? {}) as Obj;
  const detail = typeof o.detail === "string" && o.detail ? o.detail : `HTTP ${status}`;
  return new BridgeError(detail, status, typeof o.code === "string" ? o.code : "");
}
