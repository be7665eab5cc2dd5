/**
 * The kiosk bridge: how the PWA's kiosk mode talks to the kiosk gateway (services/kiosk-gateway) running
 * on the kiosk PC. This comment is the agreed wire format; the gateway implements it, the PWA uses it.
 *
 * ## Where
 * The gateway listens on loopback only (default `http://127.0.0.1:8787`; the kiosk's browser opens
 * `https://<centre>/kiosk?bridge=http://127.0.0.1:8787` once, and the PWA remembers the address).
 * It answers nothing from another host. Because the page comes from the centre's origin, every HTTP
 * answer carries CORS headers for that origin (`Access-Control-Allow-Origin: <centre origin>`,
 * `Access-Control-Allow-Headers: Content-Type`, and on preflight `Access-Control-Allow-Private-Network: true`
 * for Chromium's Private Network Access); the WebSocket handshake checks `Origin` against the same list.
 *
 * ## WebSocket `GET /events` (server -> PWA, JSON text frames, one event each)
 * ```
 * {"type":"card.presented","uid":"04A23B12"}        a card is on the reader; uid = uppercase hex in reader order
 *                                                   (a keyboard-style USB reader's decimal number is normalised by
 *                                                   the gateway to the same form identity uses for card bindings)
 * {"type":"card.removed"}                           the card left the reader: the PWA ends the session at once
 * {"type":"reader.error","message":"Kartu terangkat sebelum selesai dibaca."}
 *                                                   Indonesian text, shown as it is; the gateway keeps running
 * {"type":"reader.status","connected":true,"name":"ACS ACR122U"}     reader plugged / unplugged
 * {"type":"print.status","job_id":"17","state":"printing"|"done"|"error","message":"Kertas habis."}
 * {"type":"centre.status","online":false}           the gateway lost (or regained) the link to the centre
 * ```
 * A keyboard-style USB reader types the card's decimal number on the kiosk screen instead; the PWA then
 * sends that number as `card_uid` to POST /session (identity normalises both forms to one card).
 * On connect the gateway sends the current `reader.status` and, if a card is on the reader, `card.presented`.
 * Unknown types are ignored by the PWA (the gateway may add more). The PWA reconnects with backoff.
 *
 * ## HTTP (JSON bodies; errors as RFC 9457 problem details with an Indonesian `detail`)
 * ```
 * GET    /status   -> 200 {"device_id":"…","village":"3317092016","reader":{"connected":true,"name":"…"},
 *                          "printer":{"ready":true,"message":""},"centre_online":true,"card_present":false}
 * POST   /session  {"card_uid":"04A23B12","pin":"123456"}
 *                  -> 200 {"access_token":"<identity JWT>","expires_in":600,"resident_name":"Siti Aminah"}
 *                     (the gateway signs its device assertion and calls identity's /auth/kiosk/login;
 *                      401 wrong PIN, 429 locked out — the identity problem passed through unchanged)
 * DELETE /session  -> 204  (card removed, idle, or "Selesai": the gateway forgets the session too)
 * POST   /print    {"letter_id":"…"} with `Authorization: Bearer <access_token>`
 *                  -> 202 {"job_id":"17"}; progress arrives as print.status events
 * ```
 * The access token is a normal identity token (amr card+pin, device claim): the PWA calls the centre's
 * letters and aid APIs with it directly. It has no refresh token; the session ends with the card.
 */

export type BridgeEvent =
  | { type: "card.presented"; uid: string }
  | { type: "card.removed" }
  | { type: "reader.error"; message: string }
  | { type: "reader.status"; connected: boolean; name?: string }
  | { type: "print.status"; job_id: string; state: "queued" | "printing" | "done" | "error"; message?: string }
  | { type: "centre.status"; online: boolean };

export interface BridgeStatus {
  device_id?: string;
  village?: string;
  reader: { connected: boolean; name?: string };
  printer: { ready: boolean; message?: string };
  centre_online: boolean;
  card_present: boolean;
}

export interface KioskSession {
  access_token: string;
  expires_in: number;
  resident_name?: string;
}

export type ConnectionState = "connecting" | "open" | "closed";

/** What kiosk mode needs from the gateway. `HttpBridge` speaks the wire format; `FakeBridge` is for tests. */
export interface KioskBridge {
  connect(): void;
  close(): void;
  onEvent(fn: (e: BridgeEvent) => void): () => void;
  onConnection(fn: (s: ConnectionState) => void): () => void;
  status(): Promise<BridgeStatus>;
  login(cardUid: string, pin: string): Promise<KioskSession>;
  logout(): Promise<void>;
  print(letterId: string, accessToken: string): Promise<{ job_id: string }>;
  /**
   * A keyboard-style USB reader "types" the card number into the kiosk screen (as OpenSID's kiosks do).
   * The screen hands it here and it becomes a local `card.presented`; the gateway and identity normalise
   * the decimal form to the same card identity. Such readers say nothing when the card leaves: the
   * session then ends on the idle timer or "Selesai".
   */
  typed(uid: string): void;
}

/** Parse one WebSocket frame; null for anything that is not a known, well-formed event. */
export function parseBridgeEvent(raw: string): BridgeEvent | null {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof m !== "object" || m === null) return null;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case "card.presented":
      return typeof o.uid === "string" && o.uid ? { type: "card.presented", uid: o.uid } : null;
    case "card.removed":
      return { type: "card.removed" };
    case "reader.error":
      return { type: "reader.error", message: typeof o.message === "string" ? o.message : "" };
    case "reader.status":
      return {
        type: "reader.status",
        connected: o.connected === true,
        ...(typeof o.name === "string" ? { name: o.name } : {}),
      };
    case "print.status": {
      const states = ["queued", "printing", "done", "error"] as const;
      const state = states.find((s) => s === o.state);
      if (!state || typeof o.job_id !== "string") return null;
      return {
        type: "print.status",
        job_id: o.job_id,
        state,
        ...(typeof o.message === "string" ? { message: o.message } : {}),
      };
    }
    case "centre.status":
      return { type: "centre.status", online: o.online === true };
    default:
      return null;
  }
}

export class BridgeError extends Error {
  constructor(
    message: string,
    public readonly status: number,
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

/** The real bridge: HTTP for commands, a WebSocket for events, reconnecting with backoff. */
export class HttpBridge implements KioskBridge {
  private ws: WebSocket | null = null;
  private events = new Emitter<BridgeEvent>();
  private conn = new Emitter<ConnectionState>();
  private closed = true;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly base: string) {}

  private wsUrl(): string {
    return `${this.base.replace(/^http/, "ws").replace(/\/$/, "")}/events`;
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

  private async call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(`${this.base.replace(/\/$/, "")}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const data: unknown = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const detail = (data as { detail?: unknown } | undefined)?.detail;
      throw new BridgeError(typeof detail === "string" ? detail : `HTTP ${res.status}`, res.status);
    }
    return data as T;
  }

  status(): Promise<BridgeStatus> {
    return this.call("GET", "/status");
  }

  typed(uid: string): void {
    this.events.emit({ type: "card.presented", uid });
  }

  login(cardUid: string, pin: string): Promise<KioskSession> {
    return this.call("POST", "/session", { card_uid: cardUid, pin });
  }

  async logout(): Promise<void> {
    await this.call("DELETE", "/session");
  }

  print(letterId: string, accessToken: string): Promise<{ job_id: string }> {
    return this.call("POST", "/print", { letter_id: letterId }, accessToken);
  }
}
