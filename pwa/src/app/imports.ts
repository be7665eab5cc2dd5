/**
 * What an import did (or, in a preview, would do), in one shape for the console to show: the resident
 * register's import (identity) and a programme's participant import (aid) answer differently, the operator
 * reads both the same way — counts in words, then every refused row and every row to check, with the
 * service's Indonesian message.
 */
import type { AidImportReport, ImportReport } from "../api/shapes";
import type { Key } from "../i18n";

export interface ReportRow {
  row: number;
  /** Name (masked NIK) — what is wrong or to check. */
  text: string;
  /** Held: nothing is paid for this row until an operator settles it (aid). */
  held?: boolean;
}

export interface ImportSummary {
  dryRun: boolean;
  saved: boolean;
  /** Counts worth showing, in order: zeros are left out, except the rows read. */
  counts: [Key, number][];
  rejected: ReportRow[];
  flagged: ReportRow[];
  /** A programme the file's programme sheet creates (aid, OpenSID workbook). */
  newProgram?: string;
}

const RESIDENT_COUNTS = [
  "rows",
  "accepted",
  "rejected",
  "flagged",
  "families",
  "new",
  "arrivals",
  "updated",
  "unchanged",
  "new_families",
  "cards_to_bind",
] as const;

function shown(pairs: [Key, number][]): [Key, number][] {
  return pairs.filter(([, n], i) => i === 0 || n > 0);
}

/** identity POST /villages/{code}/imports (also the members of its 422 problem when a file is refused) */
export function residentImport(report: ImportReport): ImportSummary {
  return {
    dryRun: report.dry_run,
    saved: report.committed,
    counts: shown(RESIDENT_COUNTS.map((k) => [`import.count.${k}`, report.counts[k]] as [Key, number])),
    rejected: report.rejected.map((r) => ({ row: r.row, text: r.errors.map((e) => e.message).join("; ") })),
    flagged: report.flagged.map((r) => ({
      row: r.row,
      text: `${r.name} (${r.nik_masked}) — ${r.flags.map((f) => f.message).join("; ")}`,
    })),
  };
}

/** aid POST /programs/{program_id}/imports */
export function aidImport(report: AidImportReport): ImportSummary {
  return {
    dryRun: report.dry_run,
    saved: !report.dry_run,
    counts: shown([
      ["import.count.rows", report.rows],
      ["import.count.enrolled", report.new],
      ["import.count.already", report.unchanged],
      ["import.count.rejected", report.rejected.length],
      ["import.count.flagged", report.flagged.length],
    ]),
    rejected: report.rejected.map((r) => ({ row: r.row, text: `${r.name} (${r.nik}) — ${r.message}` })),
    flagged: report.flagged.map((r) => ({
      row: r.row,
      text: `${r.name} (${r.nik}) — ${r.messages.join("; ")}`,
      held: r.review,
    })),
    ...(report.program.created ? { newProgram: report.program.name } : {}),
  };
}
