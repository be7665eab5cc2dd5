import { describe, expect, it } from "vitest";
import { fieldErrors, isProblemError, messageOf, ProblemError, toProblem } from "./problem";

describe("toProblem", () => {
  it("reads an RFC 9457 body from a Balai service", () => {
    const p = toProblem(401, {
      type: "https://balai.desa.id/problems/wrong_credentials",
      title: "Perlu masuk terlebih dahulu",
      status: 401,
      detail: "NIK atau PIN salah.",
      code: "wrong_credentials",
    });
    expect(p.detail).toBe("NIK atau PIN salah.");
    expect(p.code).toBe("wrong_credentials");
    expect(p.status).toBe(401);
  });
  it("takes the code from the type URI when no code member is sent", () => {
    expect(toProblem(409, { type: "https://balai.desa.id/problems/duplicate_nik", detail: "x" }).code).toBe("duplicate_nik");
  });
  it("keeps field errors, retry-after and extension members", () => {
    const headers = new Headers({ "Retry-After": "120" });
    const p = toProblem(
      422,
      {
        detail: "Periksa kembali isian: nik.",
        code: "validation",
        errors: [{ field: "nik", message: "String should match pattern", type: "string_pattern_mismatch" }],
        rows: 3,
      },
      headers,
    );
    expect(fieldErrors(p)).toEqual({ nik: "String should match pattern" });
    expect(p.retryAfter).toBe(120);
    expect(p.extra).toEqual({ rows: 3 });
  });
  it("understands FastAPI's plain validation shape", () => {
    const p = toProblem(422, { detail: [{ loc: ["body", "pin"], msg: "bad" }] });
    expect(p.errors).toEqual([{ field: "pin", message: "bad" }]);
    expect(p.detail).toBe("Periksa kembali isian Anda.");
  });
  it("falls back to an Indonesian sentence for bodies that are not problems", () => {
    expect(toProblem(502, "<html>Bad gateway</html>").detail).toMatch(/server/i);
    expect(toProblem(500, undefined).detail).toMatch(/kesalahan/i);
    expect(toProblem(0, undefined).detail).toMatch(/koneksi internet/);
  });
});

describe("messages", () => {
  it("shows a problem's detail, and an offline sentence for network errors", () => {
    const e = new ProblemError(toProblem(404, { detail: "Surat tidak ditemukan." }));
    expect(isProblemError(e)).toBe(true);
    expect(messageOf(e)).toBe("Surat tidak ditemukan.");
    expect(messageOf(new TypeError("Failed to fetch"))).toMatch(/koneksi internet/);
  });
});
