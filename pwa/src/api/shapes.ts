/**
 * Shapes of answers whose OpenAPI schema is an untyped `object` (the route returns a dict). They mirror
 * the services' code; each is read through a narrowing function so a change shows up as a clear error,
 * not as `undefined` on screen. When a service gives the route a response model, the generated type
 * replaces the interface here.
 */
import type { components as Aid } from "./generated/aid";

export type ProgramOut = Aid["schemas"]["ProgramOut"];
export type BeneficiaryOut = Aid["schemas"]["BeneficiaryOut"];
export type DisbursementOut = Aid["schemas"]["DisbursementOut"];

/** identity POST /auth/resident/login */
export type ResidentLoginAnswer =
  | { must_change_pin: false; access_token: string; refresh_token?: string; expires_in: number }
  | { must_change_pin: true; change_token: string; expires_in: number };

export function asResidentLogin(body: unknown): ResidentLoginAnswer {
  const b = (body ?? {}) as Record<string, unknown>;
  if (b.must_change_pin === true && typeof b.change_token === "string") {
    return { must_change_pin: true, change_token: b.change_token, expires_in: Number(b.expires_in ?? 600) };
  }
  if (typeof b.access_token === "string") {
    return {
      must_change_pin: false,
      access_token: b.access_token,
      expires_in: Number(b.expires_in ?? 300),
      ...(typeof b.refresh_token === "string" ? { refresh_token: b.refresh_token } : {}),
    };
  }
  throw new Error("unexpected login answer");
}

/** aid POST /check (public) */
export interface AidCheck {
  nik: string;
  enrolled: boolean;
  programs: {
    program: string;
    kind: string;
    kind_label: string;
    village: string;
    village_name: string;
    name: string;
    status: "active" | "under_review";
    latest_disbursement: { period: string; status: string; date: string | null } | null;
  }[];
}

export function asAidCheck(body: unknown): AidCheck {
  const b = body as AidCheck;
  if (!b || typeof b.enrolled !== "boolean" || !Array.isArray(b.programs)) throw new Error("unexpected aid check answer");
  return b;
}

/** aid GET /me/aid */
export interface MyAid {
  resident_id: string;
  family_members: number;
  enrolments: { beneficiary: BeneficiaryOut; program: ProgramOut; disbursements: DisbursementOut[] }[];
}

export function asMyAid(body: unknown): MyAid {
  const b = body as MyAid;
  if (!b || !Array.isArray(b.enrolments)) throw new Error("unexpected aid answer");
  return b;
}

/** aid GET /stats */
export interface AidStats {
  programs: {
    program_id: string;
    name: string;
    kind_label: string;
    beneficiaries: { active: number; flagged: number; removed: number };
    amount_disbursed: number;
  }[];
}

export function asAidStats(body: unknown): AidStats {
  const b = body as AidStats;
  return { programs: Array.isArray(b?.programs) ? b.programs : [] };
}

/** identity GET /villages/{code}/stats/population */
export interface Population {
  living: number;
  age_sex: { bracket: string; male: number; female: number; total: number }[];
}

export function asPopulation(body: unknown): Population {
  const b = body as Population;
  return { living: Number(b?.living ?? 0), age_sex: Array.isArray(b?.age_sex) ? b.age_sex : [] };
}

/** identity POST /residents/{id}/pin */
export interface PinIssued {
  resident_id: string;
  name: string;
  pin: string;
}

/** identity GET /villages/{code}/devices */
export interface Device {
  device_id: string;
  name: string;
  enrolled_at: string;
  revoked: boolean;
  last_seen_at: string | null;
  online: boolean;
  status: Record<string, unknown>;
}

/** identity POST /villages/{code}/imports */
export interface ImportIssue {
  column: string | null;
  code: string;
  message: string;
}
export interface ImportReport {
  village: string;
  dry_run: boolean;
  committed: boolean;
  file_errors: ImportIssue[];
  counts: Record<string, number>;
  rejected: { row: number; errors: ImportIssue[] }[];
  flagged: { row: number; name: string | null; nik_masked: string | null; [k: string]: unknown }[];
}
