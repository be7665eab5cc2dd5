/**
 * RFC 9457 problem details, as every Balai service answers errors (`application/problem+json`).
 * `detail` is written in Bahasa Indonesia for the person in front of the screen: show it as it is.
 */
export interface FieldError {
  field: string;
  message: string;
  type?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors: FieldError[];
  retryAfter?: number;
  /** Everything else the service sent (extension members). */
  extra: Record<string, unknown>;
}

const FALLBACK_DETAIL: Record<number, string> = {
  0: "Tidak dapat terhubung ke server. Periksa koneksi internet Anda.",
  400: "Permintaan tidak valid.",
  401: "Silakan masuk terlebih dahulu.",
  403: "Anda tidak berhak mengakses data ini.",
  404: "Data tidak ditemukan.",
  409: "Bentrok dengan data yang ada.",
  413: "Berkas terlalu besar.",
  422: "Periksa kembali isian Anda.",
  429: "Terlalu banyak percobaan. Coba lagi nanti.",
  500: "Terjadi kesalahan pada server. Silakan coba lagi sebentar lagi.",
  502: "Server sedang tidak dapat dihubungi. Silakan coba lagi.",
  503: "Layanan belum siap. Silakan coba lagi sebentar lagi.",
  504: "Server terlalu lama menjawab. Silakan coba lagi.",
};

function fallbackDetail(status: number): string {
  return FALLBACK_DETAIL[status] ?? (status >= 500 ? FALLBACK_DETAIL[500]! : "Terjadi kesalahan.");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

/** Turn whatever an error response carried into a Problem (never throws). */
export function toProblem(status: number, body: unknown, headers?: Headers): Problem {
  const b = isRecord(body) ? body : {};
  const typeUri = str(b.type) ?? "about:blank";
  const code = str(b.code) ?? (typeUri.includes("/problems/") ? typeUri.split("/problems/")[1]! : `http_${status}`);
  let detail = str(b.detail);
  // FastAPI's own {"detail": [...]} validation shape, in case a route escapes the problem handlers.
  let errors: FieldError[] = [];
  if (Array.isArray(b.errors)) {
    errors = b.errors.filter(isRecord).map((e) => ({
      field: String(e.field ?? ""),
      message: String(e.message ?? ""),
      ...(typeof e.type === "string" ? { type: e.type } : {}),
    }));
  } else if (Array.isArray(b.detail)) {
    errors = b.detail.filter(isRecord).map((e) => ({
      field: Array.isArray(e.loc) ? e.loc.filter((p) => p !== "body" && p !== "query").join(".") : "",
      message: String(e.msg ?? ""),
    }));
  }
  if (!detail) detail = fallbackDetail(status);
  const retryHeader = headers?.get("Retry-After");
  const retry = typeof b.retry_after === "number" ? b.retry_after : retryHeader ? Number(retryHeader) : undefined;
  const known = new Set(["type", "title", "status", "detail", "code", "errors", "retry_after", "instance"]);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b)) if (!known.has(k)) extra[k] = v;
  return {
    type: typeUri,
    title: str(b.title) ?? "Kesalahan",
    status,
    detail,
    code,
    errors,
    ...(retry !== undefined && Number.isFinite(retry) ? { retryAfter: retry } : {}),
    extra,
  };
}

/** A problem for a request that never reached the server (offline, DNS, timeout). */
export function networkProblem(): Problem {
  return toProblem(0, { code: "network" });
}

export class ProblemError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail);
    this.name = "ProblemError";
  }
}

export function isProblemError(e: unknown): e is ProblemError {
  return e instanceof ProblemError;
}

/** The message to show for any thrown value. */
export function messageOf(e: unknown): string {
  if (e instanceof ProblemError) return e.problem.detail;
  if (e instanceof TypeError) return networkProblem().detail; // fetch() rejects with TypeError when offline
  return fallbackDetail(500);
}

/** Field -> message, for showing errors beside the inputs. */
export function fieldErrors(p: Problem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of p.errors) if (e.field && !out[e.field]) out[e.field] = e.message;
  return out;
}
