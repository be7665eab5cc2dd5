import { useState } from "preact/hooks";
import { api, asForm, unwrap } from "../../api/client";
import type { components } from "../../api/generated/identity";
import { isProblemError } from "../../api/problem";
import type { ImportReport, PinIssued } from "../../api/shapes";
import { residentImport } from "../../app/imports";
import { useLang, useT } from "../../i18n";
import { age, digitsOnly, formatDate } from "../../lib/format";
import { Alert, ErrorAlert, Field, Loading, Page, Pill, Select, TableWrap, useAction, useAsync } from "../../ui/components";
import { newKey } from "../../offline/outbox";
import { useReadOnly, useVillage } from "./Console";
import { ImportReportView } from "./ImportReport";
import { ResidentChanges } from "./ResidentChanges";

type Resident = components["schemas"]["ResidentOut"];
type ResidentIn = components["schemas"]["ResidentIn"];
type Vocab = components["schemas"]["VocabulariesOut"];

let vocabCache: Promise<Vocab> | null = null;
const useVocab = () =>
  useAsync(() => (vocabCache ??= unwrap(api.identity.GET("/register/vocabularies")).catch((e: unknown) => {
    vocabCache = null;
    throw e;
  })), []);

/** The Indonesian label of a coded register value ("child" -> "Anak"), or the value itself. */
function labelOf(vocab: Vocab | undefined, field: keyof Vocab, value: string | null | undefined): string {
  if (!value) return "–";
  return vocab?.[field]?.find((i) => i.value === value)?.label ?? value;
}

export function Residents() {
  const t = useT();
  const village = useVillage()!;
  const readOnly = useReadOnly();
  const [q, setQ] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [panel, setPanel] = useState<"" | "add" | "import">("");
  const vocab = useVocab();
  const list = useAsync(
    () => unwrap(api.identity.GET("/villages/{code}/residents", { params: { path: { code: village }, query: { q: search, page, size: 25 } } })),
    [village, search, page],
  );
  return (
    <Page title={t("console.residents")}>
      <form role="search" onSubmit={(e) => { e.preventDefault(); setPage(1); setSearch(q); }}>
        <Field label={t("console.search")} value={q} onValue={setQ} type="search" name="q" />
        <div class="actions">
          <button type="submit">{t("app.search")}</button>
          {!readOnly && (
            <>
              <button type="button" class="secondary" aria-expanded={panel === "add"} onClick={() => setPanel(panel === "add" ? "" : "add")}>
                {t("console.addResident")}
              </button>
              <button type="button" class="secondary" aria-expanded={panel === "import"} onClick={() => setPanel(panel === "import" ? "" : "import")}>
                {t("console.import")}
              </button>
            </>
          )}
        </div>
      </form>
      {panel === "add" && <AddResident village={village} onDone={() => { setPanel(""); list.reload(); }} />}
      {panel === "import" && <ImportResidents village={village} onDone={list.reload} />}
      {list.loading && <Loading />}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.data && (
        <>
          <p class="muted">{t("console.total")}: {list.data.total}</p>
          <TableWrap label={t("console.residents")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("field.name")}</th>
                  <th scope="col">{t("field.nik")}</th>
                  <th scope="col">{t("field.address")}</th>
                  <th scope="col">{t("field.status")}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={`/konsol/penduduk/${r.id}`}>{r.name}</a>
                      <div class="muted small">{r.sex === "female" ? "P" : "L"} · {age(r.birth_date)} th</div>
                    </td>
                    <td>{r.nik_masked}</td>
                    <td class="small">{[r.address.dusun, r.address.rt && `RT ${r.address.rt}`, r.address.rw && `RW ${r.address.rw}`].filter(Boolean).join(" ")}</td>
                    <td>
                      <Pill kind={r.status === "living" ? "ok" : "warn"}>{labelOf(vocab.data, "status", r.status)}</Pill>
                      {r.review_flags.length > 0 && <Pill kind="warn">{t("console.flagged")}</Pill>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <div class="actions">
            <button type="button" class="secondary" aria-label={t("app.prevPage")} disabled={page <= 1} onClick={() => setPage(page - 1)}>←</button>
            <span class="muted">{page}</span>
            <button type="button" class="secondary" aria-label={t("app.nextPage")} disabled={page * list.data.size >= list.data.total} onClick={() => setPage(page + 1)}>→</button>
          </div>
        </>
      )}
    </Page>
  );
}

function AddResident({ village, onDone }: { village: string; onDone: () => void }) {
  const t = useT();
  const vocab = useVocab();
  const [key] = useState(newKey);
  const [v, setV] = useState({ nik: "", kk_number: "", name: "", sex: "", birth_place: "", birth_date: "", relationship: "", dusun: "", rt: "", rw: "", phone: "" });
  const set = (k: keyof typeof v) => (value: string) => setV((s) => ({ ...s, [k]: value }));
  const options = (field: keyof Vocab) => vocab.data?.[field] ?? [];
  const action = useAction(async () => {
    const body: ResidentIn = {
      nik: v.nik,
      name: v.name,
      sex: v.sex as ResidentIn["sex"],
      birth_date: v.birth_date,
      birth_place: v.birth_place,
      relationship: v.relationship as ResidentIn["relationship"],
      ...(v.kk_number ? { kk_number: v.kk_number } : {}),
      ...(v.phone ? { phone: v.phone } : {}),
      address: { dusun: v.dusun, rt: v.rt, rw: v.rw, street: "" },
    };
    await unwrap(api.identity.POST("/villages/{code}/residents", { params: { path: { code: village }, header: { "idempotency-key": key } }, body }));
    onDone();
  });
  const fe = (f: string) => (isProblemError(action.error) ? action.error.problem.errors.find((e) => e.field === f)?.message : undefined);
  return (
    <form class="card" onSubmit={(e) => { e.preventDefault(); void action.run(); }}>
      <h2>{t("console.addResident")}</h2>
      <Field label={t("field.nik")} value={v.nik} onValue={(x) => set("nik")(digitsOnly(x, 16))} inputMode="numeric" required error={fe("nik")} />
      <Field label={t("field.kk")} value={v.kk_number} onValue={(x) => set("kk_number")(digitsOnly(x, 16))} inputMode="numeric" />
      <Field label={t("field.name")} value={v.name} onValue={set("name")} required error={fe("name")} />
      <div class="grid2">
        <Select label={t("field.sex")} value={v.sex} onValue={set("sex")} required placeholder="—"
          options={options("sex").length ? options("sex") : [{ value: "male", label: "Laki-laki" }, { value: "female", label: "Perempuan" }]} />
        <Select label={t("field.relationship")} value={v.relationship} onValue={set("relationship")} required placeholder="—" options={options("relationship")} />
        <Field label={t("field.birthPlace")} value={v.birth_place} onValue={set("birth_place")} />
        <Field label={t("field.birthDate")} value={v.birth_date} onValue={set("birth_date")} type="date" required error={fe("birth_date")} />
        <Field label={t("field.dusun")} value={v.dusun} onValue={set("dusun")} />
        <Field label={t("field.rt")} value={v.rt} onValue={(x) => set("rt")(digitsOnly(x, 3))} inputMode="numeric" />
        <Field label={t("field.rw")} value={v.rw} onValue={(x) => set("rw")(digitsOnly(x, 3))} inputMode="numeric" />
        <Field label={t("field.phone")} value={v.phone} onValue={(x) => set("phone")(digitsOnly(x, 15))} type="tel" />
      </div>
      <ErrorAlert error={action.error} />
      <button type="submit" disabled={action.busy}>{t("app.save")}</button>
    </form>
  );
}

function ImportResidents({ village, onDone }: { village: string; onDone: () => void }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [skip, setSkip] = useState(false);
  const refused = report?.dry_run ? report.rejected.length : 0;
  const action = useAction(async (dryRun: boolean) => {
    if (!file) return;
    setReport(null);
    try {
      setReport(await unwrap(api.identity.POST("/villages/{code}/imports", {
        params: { path: { code: village }, query: { dry_run: dryRun, skip_rejected: skip } },
        body: { file },
        bodySerializer: asForm,
      })));
      if (!dryRun) onDone();
    } catch (e) {
      // a refused import (422) carries the same report as its problem's members
      if (isProblemError(e) && e.problem.extra.counts) setReport(e.problem.extra as unknown as ImportReport);
      throw e;
    }
  });
  return (
    <section class="card">
      <h2>{t("console.import")}</h2>
      <div class="field">
        <label for="import-file">{t("console.importFile")}</label>
        <input id="import-file" type="file" accept=".xlsx,.xlsm,.csv" onChange={(e) => { setFile((e.target as HTMLInputElement).files?.[0] ?? null); setReport(null); setSkip(false); }} />
      </div>
      {refused > 0 && (
        <label class="choice">
          <input type="checkbox" checked={skip} onChange={(e) => setSkip((e.target as HTMLInputElement).checked)} />
          {t("import.skipRejected", { n: refused })}
        </label>
      )}
      <div class="actions">
        <button type="button" class="secondary" disabled={!file || action.busy} onClick={() => void action.run(true)}>{t("console.dryRun")}</button>
        <button type="button" disabled={!file || action.busy || !report || !report.dry_run || (refused > 0 && !skip)} onClick={() => void action.run(false)}>
          {t("console.commit")}
        </button>
      </div>
      <ErrorAlert error={action.error} />
      {report && <ImportReportView summary={residentImport(report)} />}
    </section>
  );
}

export function ResidentDetail({ id }: { id: string }) {
  const t = useT();
  const l = useLang();
  const readOnly = useReadOnly();
  const resident = useAsync(() => unwrap(api.identity.GET("/residents/{resident_id}", { params: { path: { resident_id: id } } })), [id]);
  const vocab = useVocab();
  const [pin, setPin] = useState<PinIssued | null>(null);
  const [uid, setUid] = useState("");
  const [bound, setBound] = useState(false);
  const issue = useAction(async () => {
    setPin(await unwrap(api.identity.POST("/residents/{resident_id}/pin", { params: { path: { resident_id: id } }, body: { channel: "handover" } })));
  });
  const bind = useAction(async () => {
    setBound(false);
    await unwrap(api.identity.POST("/residents/{resident_id}/cards", { params: { path: { resident_id: id } }, body: { uid } }));
    setBound(true);
    setUid("");
  });
  const r: Resident | undefined = resident.data;
  return (
    <Page title={r?.name ?? t("console.residents")} back="/konsol/penduduk">
      {resident.loading && <Loading />}
      <ErrorAlert error={resident.error} onRetry={resident.reload} />
      {r && (
        <>
          <dl class="card facts">
            <dt>{t("field.nik")}</dt><dd>{r.nik}</dd>
            <dt>{t("field.kk")}</dt><dd>{r.kk_number ?? "–"}</dd>
            <dt>{t("field.sex")}</dt><dd>{labelOf(vocab.data, "sex", r.sex)}</dd>
            <dt>{t("field.birthDate")}</dt><dd>{r.birth_place}, {formatDate(r.birth_date, l)}</dd>
            <dt>{t("field.relationship")}</dt><dd>{labelOf(vocab.data, "relationship", r.relationship)}</dd>
            <dt>{t("field.address")}</dt><dd>{[r.address.street, r.address.dusun, r.address.rt && `RT ${r.address.rt}`, r.address.rw && `RW ${r.address.rw}`].filter(Boolean).join(", ") || "–"}</dd>
            <dt>{t("field.status")}</dt><dd>{labelOf(vocab.data, "status", r.status)}</dd>
          </dl>
          {r.review_flags.map((f) => (
            <Alert kind="warn" key={f.code}>{f.message}</Alert>
          ))}
          {!readOnly && (
            <>
              <ResidentChanges resident={r} onChanged={resident.reload} />
              <section class="card">
                <h2>{t("console.issuePin")}</h2>
                <button type="button" onClick={() => void issue.run()} disabled={issue.busy}>{t("console.issuePin")}</button>
                <ErrorAlert error={issue.error} />
                {pin && (
                  <div role="alert">
                    <p class="pin-shown" data-testid="issued-pin">{pin.pin}</p>
                    <p>{t("console.pinShown", { name: pin.name, pin: "******" })}</p>
                  </div>
                )}
              </section>
              <form class="card" onSubmit={(e) => { e.preventDefault(); if (uid) void bind.run(); }}>
                <h2>{t("console.bindCard")}</h2>
                <Field label={t("console.cardUid")} value={uid} onValue={(v) => setUid(v.replace(/[^0-9a-fA-F]/g, "").toUpperCase().slice(0, 20))}
                  help={t("console.cardHelp")} autoComplete="off" />
                <button type="submit" disabled={!uid || bind.busy}>{t("console.bindCard")}</button>
                <ErrorAlert error={bind.error} />
                {bound && <Alert kind="ok">{t("console.cardBound")}</Alert>}
              </form>
            </>
          )}
        </>
      )}
    </Page>
  );
}
