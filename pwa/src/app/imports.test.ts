import { describe, expect, it } from "vitest";
import type { AidImportReport, ImportReport } from "../api/shapes";
import { en } from "../i18n/en";
import { aidImport, residentImport } from "./imports";

const residents: ImportReport = {
  village: "33.17.09.2016",
  dry_run: true,
  committed: false,
  format: "xlsx",
  sheet: "Penduduk",
  ignored_columns: [],
  file_errors: [],
  counts: {
    rows: 4, accepted: 3, rejected: 1, flagged: 1, families: 2, new: 3, arrivals: 0, updated: 0,
    unchanged: 0, new_families: 2, cards_to_bind: 0, events: 0,
  },
  rejected: [{ row: 5, errors: [{ column: "NIK", code: "nik.checksum", message: "NIK tidak valid." }, { column: null, code: "x", message: "Nama kosong." }] }],
  flagged: [{ row: 3, name: "Dewi Lestari", nik_masked: "3317********0003", flags: [{ column: "TGL_LAHIR", code: "age", message: "Umur di atas 100 tahun." }] }],
  families: [],
} as unknown as ImportReport;

const participants = {
  dry_run: true,
  layout: "opensid",
  file_sha256: "ab",
  program: { id: null, name: "PKH 2026", kind: "pkh", target: "family", created: true },
  rows: 3,
  new: 2,
  unchanged: 0,
  rejected: [{ row: 4, code: "not_resident", message: "Bukan penduduk desa ini.", name: "Tono", nik: "3317********0009" }],
  flagged: [{ row: 2, name: "Siti Aminah", nik: "3317********0002", review: true, codes: ["dup"], messages: ["Sudah menerima BLT-DD."] }],
} as unknown as AidImportReport;

describe("import reports", () => {
  it("says a resident import's counts in words, leaving out the zeros", () => {
    const s = residentImport(residents);
    expect(s.dryRun).toBe(true);
    expect(s.saved).toBe(false);
    expect(s.counts).toEqual([
      ["import.count.rows", 4],
      ["import.count.accepted", 3],
      ["import.count.rejected", 1],
      ["import.count.flagged", 1],
      ["import.count.families", 2],
      ["import.count.new", 3],
      ["import.count.new_families", 2],
    ]);
    expect(s.rejected).toEqual([{ row: 5, text: "NIK tidak valid.; Nama kosong." }]);
    expect(s.flagged[0]!.text).toBe("Dewi Lestari (3317********0003) — Umur di atas 100 tahun.");
  });
  it("keeps the rows read even when the file had none", () => {
    const empty = { ...residents, counts: { ...residents.counts, rows: 0, accepted: 0, rejected: 0, flagged: 0, families: 0, new: 0, new_families: 0 } };
    expect(residentImport(empty as ImportReport).counts).toEqual([["import.count.rows", 0]]);
  });
  it("reads a programme import the same way, with held rows and a new programme", () => {
    const s = aidImport(participants);
    expect(s.counts).toEqual([
      ["import.count.rows", 3],
      ["import.count.enrolled", 2],
      ["import.count.rejected", 1],
      ["import.count.flagged", 1],
    ]);
    expect(s.rejected[0]).toEqual({ row: 4, text: "Tono (3317********0009) — Bukan penduduk desa ini." });
    expect(s.flagged[0]).toEqual({ row: 2, text: "Siti Aminah (3317********0002) — Sudah menerima BLT-DD.", held: true });
    expect(s.newProgram).toBe("PKH 2026");
    expect(aidImport({ ...participants, dry_run: false, program: { ...participants.program, created: false } }).saved).toBe(true);
  });
  it("has a label for every count in both languages", () => {
    for (const [key] of [...residentImport(residents).counts, ...aidImport(participants).counts]) expect(en[key]).toBeTruthy();
  });
});
