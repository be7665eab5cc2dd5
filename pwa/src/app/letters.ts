/**
 * The letters service as the screens use it, over the generated client (`api.letters`). Its routes answer
 * plain `object`s in OpenAPI, so the answers are narrowed here into the shapes the screens need; a change
 * on the service side shows up as a clear error, not as `undefined` on screen.
 */
import { api, unwrap, type Clients } from "../api/client";
import { ProblemError, toProblem } from "../api/problem";
import type { LetterTypeSpec } from "./letterform";

export type LetterStatus = "submitted" | "verified" | "returned" | "rejected" | "checked" | "signed" | "issued" | "revoked" | string;

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

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const opt = (v: unknown): string | null => (typeof v === "string" ? v : null);

function bad(what: string): ProblemError {
  return new ProblemError(toProblem(502, { code: "unexpected_answer", detail: `Jawaban layanan surat tidak dikenali (${what}).` }));
}

/** One request from a summary (lists) or a detail (one request). */
export function toLetterRequest(raw: unknown): LetterRequest {
  const o = (raw ?? {}) as Obj;
  if (typeof o.id !== "string" || typeof o.state !== "string") throw bad("request");
  const letter = (o.letter ?? null) as Obj | null;
  const history = Array.isArray(o.history)
    ? (o.history as Obj[]).map((h) => ({
        action: str(h.action),
        status: str(h.state),
        at: str(h.at),
        ...(typeof h.actor_role === "string" ? { by: h.actor_role } : {}),
        ...(typeof h.reason === "string" && h.reason ? { note: h.reason } : {}),
      }))
    : undefined;
  const lastReason = history?.filter((h) => h.note && (h.action === "return" || h.action === "reject" || h.status === "returned" || h.status === "rejected")).pop()?.note;
  return {
    id: o.id,
    village: str(o.village),
    resident_id: str(o.resident_id),
    type_code: str(o.type_code),
    type_title: str(o.type_title) || str(o.type_code),
    status: o.state,
    fields: (o.fields ?? {}) as Record<string, unknown>,
    created_at: str(o.created_at),
    updated_at: str(o.updated_at),
    number: letter ? opt(letter.number) : null,
    issued_on: letter ? opt(letter.issued_on) : null,
    valid_until: letter ? opt(letter.valid_until) : null,
    reason: lastReason ?? null,
    pdf_ready: letter ? letter.pdf_ready === true : false,
    ...(history ? { history } : {}),
  };
}

/** The letter types a resident can request (disabled ones left out). */
export function toLetterTypes(raw: unknown): LetterTypeSpec[] {
  if (!Array.isArray(raw)) throw bad("letter types");
  return (raw as Obj[])
    .filter((t) => t.enabled !== false)
    .map((t) => t as unknown as LetterTypeSpec);
}

function items(raw: unknown): unknown[] {
  const o = (raw ?? {}) as Obj;
  if (!Array.isArray(o.items)) throw bad("list");
  return o.items;
}

/** The letters calls with a given set of clients (the app's, or a kiosk session's). */
export function makeLettersApi(c: Clients) {
  const L = c.letters;
  return {
    async types(village: string): Promise<LetterTypeSpec[]> {
      return toLetterTypes(await unwrap(L.GET("/villages/{code}/letter-types", { params: { path: { code: village } } })));
    },

    async mine(): Promise<LetterRequest[]> {
      return items(await unwrap(L.GET("/me/requests", { params: { query: { limit: 50 } } }))).map(toLetterRequest);
    },

    async get(id: string): Promise<LetterRequest> {
      return toLetterRequest(await unwrap(L.GET("/requests/{request_id}", { params: { path: { request_id: id } } })));
    },

    /** Upload the documents, then submit with the idempotency key (the same on every retry). */
    async submit(body: LetterRequestIn, idempotencyKey: string, residentId?: string): Promise<LetterRequest> {
      const attachments: string[] = [];
      for (const doc of body.documents ?? []) {
        const uploaded = (await unwrap(
          L.POST("/villages/{code}/uploads", {
            params: { path: { code: body.village }, query: { kind: doc.key, ...(residentId ? { resident_id: residentId } : {}) } },
            // the route reads the raw body itself (photo or PDF), so its OpenAPI has no body to type
            ...({ body: doc.file, bodySerializer: (b: unknown) => b as BodyInit, headers: { "Content-Type": doc.file.type || "application/octet-stream" } } as object),
          }),
        )) as Obj;
        if (typeof uploaded.id !== "string") throw bad("upload");
        attachments.push(uploaded.id);
      }
      const created = await unwrap(
        L.POST("/villages/{code}/requests", {
          params: { path: { code: body.village }, header: { "idempotency-key": idempotencyKey } },
          body: { type: body.type, fields: body.fields, attachments, ...(residentId ? { resident_id: residentId } : {}) },
        }),
      );
      return toLetterRequest(created);
    },

    async pdfBlob(id: string): Promise<Blob> {
      return unwrap(L.GET("/requests/{request_id}/pdf", { params: { path: { request_id: id } }, parseAs: "blob" })) as Promise<Blob>;
    },

    /** The village's open requests (submitted, verified, checked, returned), newest first. */
    async inbox(village: string, state?: string): Promise<LetterRequest[]> {
      const page = await unwrap(
        L.GET("/villages/{code}/requests", {
          params: { path: { code: village }, query: { limit: 100, ...(state ? { state: state as never } : {}) } },
        }),
      );
      return items(page).map(toLetterRequest);
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
