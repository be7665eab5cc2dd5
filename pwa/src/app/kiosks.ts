/**
 * A kiosk's last heartbeat (identity's `status`, as the gateway reports it) turned into what a village
 * operator acts on: is it up, can it read cards, does it need paper, is anything waiting to be sent.
 * The gateway's message ids (`printer.paper_out`...) become short operator texts (`kioskHealth.*` in the
 * dictionaries); an id this app does not know yet shows the gateway's own Indonesian text.
 */
import type { Key } from "../i18n";

export type Level = "ok" | "warn" | "bad";

export interface HealthItem {
  level: Level;
  key: Key;
  vars?: Record<string, string | number>;
  /** The gateway's own text, for an id without a dictionary entry. */
  fallback?: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null ? (v as Obj) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Message ids with their own operator text (see services/kiosk-gateway/.../devices/messages.py). */
export const KNOWN_IDS = [
  "printer.paper_out",
  "printer.paper_jam",
  "printer.offline",
  "printer.ink_out",
  "printer.ink_low",
  "printer.cover_open",
  "printer.tray_missing",
  "printer.output_full",
  "printer.stopped",
  "printer.not_accepting",
  "printer.spooler_unavailable",
  "printer.misconfigured",
  "printer.error",
] as const;

const WARN_ONLY = new Set(["printer.ink_low", "printer.output_full"]);

function printerItems(a4: Obj): HealthItem[] {
  if (a4.configured === false) return [];
  const ids = strings(a4.message_ids).filter((id) => id !== "printer.completed" && id !== "printer.printing" && id !== "printer.waiting");
  const texts = strings(a4.messages);
  if (a4.ok === true && ids.length === 0) return [{ level: "ok", key: "kioskHealth.printerReady" }];
  if (ids.length === 0) return [{ level: "bad", key: "kioskHealth.printer.error" }];
  return ids.map((id, i) => {
    const known = (KNOWN_IDS as readonly string[]).includes(id);
    const level: Level = WARN_ONLY.has(id) ? "warn" : "bad";
    return known
      ? { level, key: `kioskHealth.${id}` as Key }
      : { level, key: "kioskHealth.printer.error", ...(texts[i] ? { fallback: texts[i] } : {}) };
  });
}

/** What needs attention first (bad, then warn), then what is fine. */
export function kioskHealth(status: unknown, online: boolean): HealthItem[] {
  const s = obj(status);
  if (Object.keys(s).length === 0) return [{ level: "warn", key: "kioskHealth.noReport" }];
  const items: HealthItem[] = [];
  if (!online) items.push({ level: "bad", key: "kioskHealth.silent" });
  const readers = strings(s.readers);
  items.push(readers.length > 0 ? { level: "ok", key: "kioskHealth.readerOk" } : { level: "bad", key: "kioskHealth.readerMissing" });
  if (typeof s.reader_error === "string" && s.reader_error) items.push({ level: "warn", key: "kioskHealth.readerError" });
  items.push(...printerItems(obj(s.a4_printer)));
  const ticket = obj(s.ticket_printer);
  if (ticket.configured === true) {
    items.push(ticket.reachable === false ? { level: "bad", key: "kioskHealth.ticketUnreachable" } : { level: "ok", key: "kioskHealth.ticketOk" });
  }
  const queue = obj(s.queue);
  const waiting = typeof s.queue_length === "number" ? s.queue_length : 0;
  if (waiting > 0) items.push({ level: "warn", key: "kioskHealth.queued", vars: { n: waiting } });
  const failed = typeof queue.failed === "number" ? queue.failed : 0;
  if (failed > 0) items.push({ level: "warn", key: "kioskHealth.failed", vars: { n: failed } });
  const order: Record<Level, number> = { bad: 0, warn: 1, ok: 2 };
  return items.sort((a, b) => order[a.level] - order[b.level]);
}

/** The worst level of a kiosk, for sorting the list (kiosks needing attention first). */
export function worst(items: HealthItem[]): Level {
  return items.some((i) => i.level === "bad") ? "bad" : items.some((i) => i.level === "warn") ? "warn" : "ok";
}

/**
 * What `python -m balai.kiosk enroll-info` puts in its QR: `{"name": ..., "public_key": ...}`. Pasted (or
 * scanned into) the key field, it fills both fields; a bare key is taken as it is.
 */
export function enrolmentRequest(text: string): { name?: string; public_key: string } {
  const s = text.trim();
  if (s.startsWith("{")) {
    try {
      const o = JSON.parse(s) as { name?: unknown; public_key?: unknown };
      if (typeof o.public_key === "string") return { public_key: o.public_key, ...(typeof o.name === "string" ? { name: o.name } : {}) };
    } catch {
      /* not the QR's text: keep what was typed */
    }
  }
  return { public_key: s };
}
