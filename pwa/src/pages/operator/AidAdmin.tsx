import { useState } from "preact/hooks";
import { api, asIs, unwrap } from "../../api/client";
import type { components } from "../../api/generated/aid";
import { isProblemError } from "../../api/problem";
import { tDynamic, useLang, useT } from "../../i18n";
import { currentPeriod, periodLabel, recentPeriods } from "../../app/periods";
import { digitsOnly, formatDate, rupiah } from "../../lib/format";
import { newKey } from "../../offline/outbox";
import { ErrorAlert, Field, Loading, Page, Pill, Select, TableWrap, useAction, useAsync } from "../../ui/components";
import type { AidImportReport } from "../../api/shapes";
import { aidImport } from "../../app/imports";
import { statusKind } from "../resident/data";
import { AddProgram, RecordDisbursement, type Outcome } from "./AidForms";
import { ImportReportView } from "./ImportReport";
import { useReadOnly, useVillage } from "./Console";

type Program = components["schemas"]["ProgramOut"];

export function AidAdmin() {
  const t = useT();
  const village = useVillage()!;
  const readOnly = useReadOnly();
  const programs = useAsync(() => unwrap(api.aid.GET("/programs", { params: { query: { area: village } } })), [village]);
  const [selected, setSelected] = useState<string>("");
  const [adding, setAdding] = useState(false);
  const program = programs.data?.find((p) => p.id === selected);
  return (
    <Page title={t("console.programs")}>
      {programs.loading && <Loading />}
      <ErrorAlert error={programs.error} onRetry={programs.reload} />
      <ul class="list">
        {(programs.data ?? []).map((p) => (
          <li key={p.id}>
            <button type="button" class="link" aria-expanded={selected === p.id} onClick={() => setSelected(selected === p.id ? "" : p.id)}>
              <strong>{p.name}</strong>
            </button>
            <p class="muted small">
              {p.kind_label} · {p.source_of_funds.toUpperCase()} · {p.benefit.amount_rupiah ? rupiah(p.benefit.amount_rupiah) : p.benefit.goods} · {t(`aid.periodKind.${p.period}`)}
            </p>
          </li>
        ))}
      </ul>
      {!readOnly && !adding && <button type="button" class="secondary" onClick={() => setAdding(true)}>+ {t("console.programs")}</button>}
      {adding && <AddProgram village={village} onDone={() => { setAdding(false); programs.reload(); }} />}
      {program && <ProgramPanel key={program.id} program={program} village={village} readOnly={readOnly} />}
    </Page>
  );
}

function ProgramPanel({ program, village, readOnly }: { program: Program; village: string; readOnly: boolean }) {
  const t = useT();
  const l = useLang();
  const list = useAsync(
    () => unwrap(api.aid.GET("/beneficiaries", { params: { query: { village, program_id: program.id, limit: 200 } } })),
    [program.id, village],
  );
  const periods = program.periods.length ? [...program.periods].reverse() : recentPeriods(program.period);
  const now = currentPeriod(program.period);
  const [period, setPeriod] = useState(periods.includes(now) ? now : periods[0] ?? now);
  const disb = useAsync(
    () => unwrap(api.aid.GET("/programs/{program_id}/disbursements", { params: { path: { program_id: program.id }, query: { village, period } } })),
    [program.id, village, period],
  );
  const [nik, setNik] = useState("");
  const enrol = useAction(async () => {
    await unwrap(api.aid.POST("/programs/{program_id}/beneficiaries", {
      params: { path: { program_id: program.id }, header: { "idempotency-key": newKey() } },
      body: { village, nik },
    }));
    setNik("");
    list.reload();
  });
  const plan = useAction(async () => {
    await unwrap(api.aid.POST("/programs/{program_id}/periods/{period}/plan", {
      params: { path: { program_id: program.id, period }, header: { "idempotency-key": newKey() } },
      body: { village },
    }));
    disb.reload();
  });
  const [recording, setRecording] = useState<{ id: string; status: Outcome } | null>(null);
  /** Who hands the aid out is usually the same for a whole list: typed once, offered for the next row. */
  const [by, setBy] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<AidImportReport | null>(null);
  const importer = useAction(async (dryRun: boolean) => {
    if (!file) return;
    setPreview(null);
    try {
      const result = await unwrap(api.aid.POST("/programs/{program_id}/imports", {
        params: { path: { program_id: program.id }, query: { village, dry_run: dryRun }, header: { "idempotency-key": newKey() } },
        body: file,
        bodySerializer: asIs,
        headers: { "Content-Type": file.name.endsWith(".csv") ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
      }));
      setPreview(result);
      if (!dryRun) list.reload();
    } catch (e) {
      if (isProblemError(e) && Array.isArray(e.problem.extra.rejected)) setPreview(e.problem.extra as unknown as AidImportReport);
      throw e;
    }
  });
  const byBeneficiary = new Map((disb.data ?? []).map((d) => [d.beneficiary_id, d]));
  return (
    <section class="card">
      <h2>{program.name}</h2>
      <h3>{t("console.beneficiaries")} ({list.data?.length ?? "…"})</h3>
      {!readOnly && (
        <form class="actions" onSubmit={(e) => { e.preventDefault(); if (nik.length === 16) void enrol.run(); }}>
          <Field label={`${t("field.nik")} — ${t("console.beneficiaries")}`} value={nik} onValue={(v) => setNik(digitsOnly(v, 16))} inputMode="numeric" />
          <button type="submit" disabled={nik.length !== 16 || enrol.busy}>{t("aid.enrol")}</button>
        </form>
      )}
      <ErrorAlert error={enrol.error ?? list.error} />
      <Select label={t("aid.period")} value={period} onValue={setPeriod} options={periods.map((p) => ({ value: p, label: periodLabel(p, l) }))} />
      {!readOnly && <button type="button" class="secondary" onClick={() => void plan.run()} disabled={plan.busy}>{t("aid.plan", { period: periodLabel(period, l) })}</button>}
      <ErrorAlert error={plan.error ?? disb.error} />
      <TableWrap label={`${t("console.beneficiaries")}: ${program.name}`} style="margin-top:.6rem">
        <table>
          <thead><tr><th scope="col">{t("field.name")}</th><th scope="col">{t("aid.status")}</th><th scope="col">{t("console.disbursements")} {periodLabel(period, l)}</th></tr></thead>
          <tbody>
            {(list.data ?? []).map((b) => {
              const d = byBeneficiary.get(b.id);
              return (
                <tr key={b.id}>
                  <td>{b.name}<div class="muted small">{b.address}</div></td>
                  <td>
                    <Pill kind={statusKind(b.status)}>{tDynamic(l, `aid.status.${b.status}`, b.status)}</Pill>
                    {b.under_review && <Pill kind="warn">{t("console.flagged")}</Pill>}
                  </td>
                  <td>
                    {d ? <Pill kind={statusKind(d.status)}>{tDynamic(l, `aid.status.${d.status}`, d.status)}</Pill> : "–"}
                    {d?.disbursed_on && <div class="small">{formatDate(d.disbursed_on, l)} {rupiah(d.amount_rupiah)}</div>}
                    {!readOnly && d?.status === "planned" && recording?.id !== b.id && (
                      <div class="actions">
                        <button type="button" aria-label={t("aid.markDisbursed", { name: b.name })} onClick={() => setRecording({ id: b.id, status: "disbursed" })}>✓ {t("aid.disbursed")}</button>
                        <button type="button" class="secondary" aria-label={t("aid.markFailed", { name: b.name })} onClick={() => setRecording({ id: b.id, status: "failed" })}>✗ {t("aid.failed")}</button>
                      </div>
                    )}
                    {recording?.id === b.id && (
                      <RecordDisbursement
                        beneficiaryId={b.id} name={b.name} status={recording.status} period={period}
                        amount={program.benefit.amount_rupiah ?? null} by={by} onBy={setBy}
                        onDone={() => { setRecording(null); disb.reload(); }} onCancel={() => setRecording(null)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      {!readOnly && (
        <>
          <h3>{t("console.import")}</h3>
          <input type="file" aria-label={t("console.importFile")} accept=".xlsx,.csv" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
          <div class="actions">
            <button type="button" class="secondary" disabled={!file || importer.busy} onClick={() => void importer.run(true)}>{t("console.dryRun")}</button>
            <button type="button" disabled={!file || !preview || importer.busy} onClick={() => void importer.run(false)}>{t("console.commit")}</button>
          </div>
          <ErrorAlert error={importer.error} />
          {preview && <ImportReportView summary={aidImport(preview)} />}
        </>
      )}
    </section>
  );
}
