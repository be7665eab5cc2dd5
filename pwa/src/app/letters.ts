/**
 * The letters service as the screens use it, over the generated client (`api.letters`): its answers are
 * typed by the service's response models; here they become the shape the screens (and the offline copy)
 * work with. The kiosk reads the same answers relayed by its gateway's bridge, which no generated type
 * describes: `toLetterRequest` and `toLetterTypes` check those before mapping them the same way.
 */
import { api, asIs, unwrap, type Clients } from "../api/client";
import type { components } from "../api/generated/letters";
import { ProblemError, toProblem } from "../api/problem";
import type { LetterTypeSpec } from "./letterform";

type Schemas = components["schemas"];
export type LetterStatus = Schemas["State"];

export interface HistoryEntry {
  action: string;
  status: string;
  at: string;
  by?: string;
  note?: string;
}

export interface LetterRequest {
  id: string;
  village: string;
  resident_id: string;
  type_code: string;
  type_title: string;
  status: LetterStatus;
  fields: Record<string, unknown>;
  created_at: string;
  updated_at?: string;
  number?: string | null;
  issued_on?: string | null;
  valid_until?: string | null;
  /** The reason of the last return or rejection. */
  reason?: string | null;
  pdf_ready?: boolean;
  history?: HistoryEntry[];
  /** The uploaded documents (a request's detail only). */
  attachments?: { id: string; kind: string }[];
}

export interface DocumentUpload {
  key: string;
  label: string;
  file: Blob;
  name: string;
}

export interface LetterRequestIn {
  village: string;
  type: string;
  fields: Record<string, string | number>;
  documents?: DocumentUpload[];
}

/** One request as the service answers it: a list item (summary) or one request (detail). */
export function letterRequestOf(raw: Schemas["RequestSummaryOut"] | Schemas["RequestOut"]): LetterRequest {
  const detail = "history" in raw ? raw : null;
  const letter = detail?.letter ?? null;
  const history = detail?.history.map((h) => ({
    action: h.action,
    status: h.state,
    at: h.at,
    by: h.actor_role,
    ...(h.reason ? { note: h.reason } : {}),
  }));
  const lastReason = history?.filter((h) => h.note && (h.action === "return" || h.action === "reject" || h.status === "returned" || h.status === "rejected")).pop()?.note;
  return {
    id: raw.id,
    village: raw.village,
    resident_id: raw.resident_id,
    type_code: raw.type_code,
    type_title: raw.type_title || raw.type_code,
    status: raw.state,
    fields: detail?.fields ?? {},
    created_at: raw.created_at,
    updated_at: raw.updated_at,
    number: letter?.number ?? null,
    issued_on: letter?.issued_on ?? null,
    valid_until: letter?.valid_until ?? null,
    reason: lastReason ?? null,
    pdf_ready: letter?.pdf_ready ?? false,
    ...(history ? { history } : {}),
    ...(detail ? { attachments: detail.attachments.map((a) => ({ id: a.id, kind: a.kind })) } : {}),
  };
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : "");

function bad(what: string): ProblemError {
  return new ProblemError(toProblem(502, { code: "unexpected_answer", detail: `Jawaban layanan surat tidak dikenali (${what}).` }));
}

/** One request from data without a generated type (the kiosk bridge relays the service's list items). */
export function toLetterRequest(raw: unknown): LetterRequest {
  const o = (raw ?? {}) as Obj;
  if (typeof o.id !== "string" || typeof o.state !== "string") throw bad("request");
  if (Array.isArray(o.history) && Array.isArray(o.attachments)) return letterRequestOf(o as unknown as Schemas["RequestOut"]);
  return letterRequestOf({
    id: o.id,
    village: str(o.village),
    resident_id: str(o.resident_id),
    type_code: str(o.type_code),
    type_title: str(o.type_title),
    state: o.state as LetterStatus,
    channel: str(o.channel) as Schemas["RequestSummaryOut"]["channel"],
    created_at: str(o.created_at),
    updated_at: str(o.updated_at),
  });
}

/** The letter types a resident can request (disabled ones left out), from data without a generated type. */
export function toLetterTypes(raw: unknown): LetterTypeSpec[] {
  if (!Array.isArray(raw)) throw bad("letter types");
  return (raw as Obj[]).filter((t) => t.enabled !== false).map((t) => t as unknown as LetterTypeSpec);
}

/** The letters calls with a given set of clients (the app's, or a kiosk session's). */
export function makeLettersApi(c: Clients) {
  const L = c.letters;
  return {
    /** The types a resident may ask for (staff also get the switched-off ones; they are left out here). */
    async types(village: string): Promise<LetterTypeSpec[]> {
      const types = await unwrap(L.GET("/villages/{code}/letter-types", { params: { path: { code: village } } }));
      return types.filter((t) => t.enabled);
    },

    async mine(): Promise<LetterRequest[]> {
      return (await unwrap(L.GET("/me/requests", { params: { query: { limit: 50 } } }))).items.map(letterRequestOf);
    },

    async get(id: string): Promise<LetterRequest> {
      return letterRequestOf(await unwrap(L.GET("/requests/{request_id}", { params: { path: { request_id: id } } })));
    },

    /** Upload the documents, then submit with the idempotency key (the same on every retry). */
    async submit(body: LetterRequestIn, idempotencyKey: string, residentId?: string): Promise<LetterRequest> {
      const attachments: string[] = [];
      for (const doc of body.documents ?? []) {
        const uploaded = await unwrap(
          L.POST("/villages/{code}/uploads", {
            params: { path: { code: body.village }, query: { kind: doc.key, ...(residentId ? { resident_id: residentId } : {}) } },
            body: doc.file,
            bodySerializer: asIs,
            headers: { "Content-Type": doc.file.type || "application/octet-stream" },
          }),
        );
        attachments.push(uploaded.id);
      }
      const created = await unwrap(
        L.POST("/villages/{code}/requests", {
          params: { path: { code: body.village }, header: { "idempotency-key": idempotencyKey } },
          body: { type: body.type, fields: body.fields, attachments, ...(residentId ? { resident_id: residentId } : {}) },
        }),
      );
      return letterRequestOf(created);
    },

    async pdfBlob(id: string): Promise<Blob> {
      return unwrap(L.GET("/requests/{request_id}/pdf", { params: { path: { request_id: id } }, parseAs: "blob" })) as Promise<Blob>;
    },

    /** The village's open requests (submitted, verified, checked, returned), newest first. */
    async inbox(village: string, state?: LetterStatus): Promise<LetterRequest[]> {
      const page = await unwrap(
        L.GET("/villages/{code}/requests", {
          params: { path: { code: village }, query: { limit: 100, ...(state ? { state } : {}) } },
        }),
      );
      return page.items.map(letterRequestOf);
    },

    async verify(id: string): Promise<void> {
      await unwrap(L.POST("/requests/{request_id}/verify", { params: { path: { request_id: id } } }));
    },

    async giveBack(id: string, reason: string): Promise<void> {
      await unwrap(L.POST("/requests/{request_id}/return", { params: { path: { request_id: id } }, body: { reason } }));
    },

    async reject(id: string, reason: string): Promise<void> {
      await unwrap(L.POST("/requests/{request_id}/reject", { params: { path: { request_id: id } }, body: { reason } }));
    },

    async sign(id: string): Promise<void> {
      await unwrap(L.POST("/requests/{request_id}/sign", { params: { path: { request_id: id } } }));
    },

    async resubmit(id: string, fields: Record<string, string | number>): Promise<void> {
      await unwrap(L.POST("/requests/{request_id}/resubmit", { params: { path: { request_id: id } }, body: { fields } }));
    },
  };
}

export type LettersApi = ReturnType<typeof makeLettersApi>;

export const lettersApi = makeLettersApi(api);
