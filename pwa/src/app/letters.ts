/**
 * The letters service as the PWA uses it. The service's HTTP API is still being built: until its OpenAPI
 * has the request routes, every call here answers "not available yet" (a 503 problem, so queued
 * requests wait instead of failing). When the routes land, implement these with `api.letters`
 * (the generated client) — the screens only use this module.
 */
import { api, type Clients } from "../api/client";
import { notAvailable } from "./state-helpers";
import type { LetterTypeSpec } from "./letterform";

export type LetterStatus = "submitted" | "verified" | "returned" | "rejected" | "signed" | "issued" | "revoked" | string;

export interface LetterRequest {
  id: string;
  type_code: string;
  type_title: string;
  status: LetterStatus;
  fields: Record<string, unknown>;
  created_at: string;
  updated_at?: string;
  number?: string | null;
  reason?: string | null;
  pdf_ready?: boolean;
  resident_name?: string;
  history?: { status: string; at: string; by?: string; note?: string }[];
}

export interface LetterRequestIn {
  type: string;
  fields: Record<string, string | number>;
}

const UNAVAILABLE = "Layanan surat belum tersedia. Coba lagi nanti.";

export type LettersApi = ReturnType<typeof makeLettersApi>;

/** The letters calls with a given set of clients (the app's, or a kiosk session's). */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function makeLettersApi(_clients: Clients) {
  return {
  available: false,
  async types(): Promise<LetterTypeSpec[]> {
    throw notAvailable(UNAVAILABLE);
  },
  async mine(): Promise<LetterRequest[]> {
    throw notAvailable(UNAVAILABLE);
  },
  async get(_id: string): Promise<LetterRequest> {
    throw notAvailable(UNAVAILABLE);
  },
  async submit(_body: LetterRequestIn, _idempotencyKey: string): Promise<LetterRequest> {
    throw notAvailable(UNAVAILABLE);
  },
  pdfUrl(id: string): string {
    return `/api/letters/requests/${encodeURIComponent(id)}/pdf`;
  },
  async inbox(_status?: string): Promise<LetterRequest[]> {
    throw notAvailable(UNAVAILABLE);
  },
  async verify(_id: string): Promise<LetterRequest> {
    throw notAvailable(UNAVAILABLE);
  },
  async giveBack(_id: string, _reason: string): Promise<LetterRequest> {
    throw notAvailable(UNAVAILABLE);
  },
  async sign(_id: string): Promise<LetterRequest> {
    throw notAvailable(UNAVAILABLE);
  },
  async pdfBlob(_id: string): Promise<Blob> {
    throw notAvailable(UNAVAILABLE);
  },
};
}

export const lettersApi = makeLettersApi(api);
