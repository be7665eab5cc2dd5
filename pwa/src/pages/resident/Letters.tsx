import { useEffect, useState } from "preact/hooks";
import { emptyValues, toPayload, validateFields, type FormValues, type LetterTypeSpec } from "../../app/letterform";
import { lettersApi, type HistoryEntry, type LetterRequest } from "../../app/letters";
import { enqueue, online } from "../../app/state";
import { tDynamic, useLang, useT } from "../../i18n";
import { saveBlob } from "../../lib/download";
import { formatDateTime } from "../../lib/format";
import { navigate } from "../../lib/router";
import { useStore } from "../../lib/store";
import { Alert, ErrorAlert, Loading, Page, Pill, Select, useAction, useAsync } from "../../ui/components";
import { DynamicForm } from "../../ui/DynamicForm";
import { chosenDocuments, DocumentInputs, missingDocuments, without } from "../../ui/DocumentInputs";
import { OutboxList } from "./Account";
import { statusKind, useMyLetters } from "./data";
import { useSynced } from "../../app/sync";
import { SyncNote } from "./SyncNote";
import { LetterFields } from "../LetterFields";
import { saveCached, loadCached } from "../../offline/cache";
import { claims } from "../../app/state";

export function LetterList() {
  const t = useT();
  const l = useLang();
  const letters = useMyLetters();
  return (
    <Page title={t("letters.title")}>
      <a class="btn block" href="/surat/baru">
        {t("letters.new")}
      </a>
      <OutboxOnlyLetters />
      <SyncNote synced={letters} />
      {letters.data && letters.data.length === 0 && <p class="muted">{t("home.noLetters")}</p>}
      <ul class="list">
        {(letters.data ?? []).map((r) => (
          <li key={r.id}>
            <a class="row" href={`/surat/${r.id}`}>
              <div class="row-head">
                <strong>{r.type_title}</strong>
                <Pill kind={statusKind(r.status)}>{tDynamic(l, `letters.status.${r.status}`, r.status)}</Pill>
              </div>
              <span class="muted small">
                {formatDateTime(r.created_at, l)}
                {r.number ? ` · ${r.number}` : ""}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </Page>
  );
}

function OutboxOnlyLetters() {
  return <OutboxList />;
}

/** The type catalogue, cached so the form can be filled offline too. */
async function catalogue(owner: string | undefined, village: string): Promise<LetterTypeSpec[]> {
  try {
    const types = await lettersApi.types(village);
    if (owner) void saveCached(owner, "letter-types", types);
    return types;
  } catch (e) {
    const cached = owner ? await loadCached<LetterTypeSpec[]>(owner, "letter-types") : null;
    if (cached) return cached.data;
    throw e;
  }
}

export function LetterNew() {
  const t = useT();
  const who = useStore(claims);
  const isOnline = useStore(online);
  const village = who?.village ?? "";
  const types = useAsync(() => catalogue(who?.sub, village), [who?.sub, village]);
  const [docs, setDocs] = useState<Record<string, File | null>>({});
  const [code, setCode] = useState("");
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const spec = types.data?.find((x) => x.code === code);
  const action = useAction(async () => {
    if (!spec) return;
    const errs = validateFields(spec, values);
    Object.assign(errs, missingDocuments(spec.documents ?? [], docs));
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const documents = chosenDocuments(spec.documents ?? [], docs);
    await enqueue("letter.request", { village, type: spec.code, fields: toPayload(spec, values), documents }, spec.title);
    navigate("/surat");
  });
  return (
    <Page title={t("letters.new")} back="/surat">
      {types.loading && <Loading />}
      <ErrorAlert error={types.error} onRetry={types.reload} />
      {types.data && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void action.run();
          }}
        >
          <Select
            label={t("letters.type")}
            value={code}
            placeholder={t("letters.chooseType")}
            required
            options={types.data.map((x) => ({ value: x.code, label: x.title }))}
            onValue={(v) => {
              setCode(v);
              const s = types.data?.find((x) => x.code === v);
              setValues(s ? emptyValues(s) : {});
              setErrors({});
              setDocs({});
            }}
          />
          {spec && (
            <>
              {spec.description && <p class="muted">{spec.description}</p>}
              <DynamicForm fields={spec.fields} values={values} errors={errors} onChange={(n, v) => { setValues((s) => ({ ...s, [n]: v })); setErrors((e) => without(e, n)); }} />
              <DocumentInputs documents={spec.documents ?? []} files={docs} errors={errors} onFile={(k, f) => { setDocs((s) => ({ ...s, [k]: f })); setErrors((e) => without(e, `doc:${k}`)); }} />
              {spec.persyaratan && spec.persyaratan.length > 0 && (
                <div class="card">
                  <h2>{t("letters.documents")}</h2>
                  <ul>
                    {spec.persyaratan.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                </div>
              )}
              {!isOnline && <Alert kind="warn">{t("outbox.queued")}</Alert>}
              <ErrorAlert error={action.error} />
              <button type="submit" class="block" disabled={action.busy}>
                {t("letters.submit")}
              </button>
            </>
          )}
        </form>
      )}
    </Page>
  );
}

export function LetterDetail({ id }: { id: string }) {
  const t = useT();
  const l = useLang();
  const who = useStore(claims);
  const letter = useSynced(`letter:${id}`, () => lettersApi.get(id)); // readable offline after one visit
  const village = letter.data?.village || who?.village || "";
  const types = useAsync(async () => (village ? catalogue(who?.sub, village) : []), [who?.sub, village]);
  const download = useAction(async () => {
    const blob = await lettersApi.pdfBlob(id);
    saveBlob(blob, `${letter.data?.number?.replace(/\//g, "-") ?? id}.pdf`);
  });
  const r = letter.data;
  const rendering = !!r && (r.status === "signed" || r.status === "issued") && r.pdf_ready === false;
  useEffect(() => {
    if (!rendering) return;
    const timer = setTimeout(letter.reload, 2500); // the PDF is rendered off the request path
    return () => clearTimeout(timer);
  }, [rendering, letter.data]);
  return (
    <Page title={r?.type_title ?? t("letters.title")} back="/surat">
      <SyncNote synced={letter} />
      {r && (
        <>
          <p>
            <Pill kind={statusKind(r.status)}>{tDynamic(l, `letters.status.${r.status}`, r.status)}</Pill>
          </p>
          {r.number && (
            <p>
              {t("letters.number")}: <strong>{r.number}</strong>
            </p>
          )}
          {r.reason && <Alert kind="warn">{t("letters.reason")}: {r.reason}</Alert>}
          {(r.status === "issued" || r.status === "signed") &&
            (r.pdf_ready === false ? (
              <p class="muted">{t("letters.pdfPending")}</p>
            ) : (
              <button type="button" class="block" onClick={() => void download.run()} disabled={download.busy}>
                {t("letters.download")}
              </button>
            ))}
          <ErrorAlert error={download.error} />
          {r.status === "returned" && <Resubmit request={r} onDone={letter.reload} />}
          <h2>{t("letters.history")}</h2>
          <ol class="list">
            {(r.history ?? [{ action: "", status: r.status, at: r.updated_at ?? r.created_at }]).map((h: HistoryEntry, i) => (
              <li key={i}>
                <strong>{tDynamic(l, `letters.status.${h.status}`, h.status)}</strong>{" "}
                <span class="muted small">{formatDateTime(h.at, l)}</span>
                {h.note && <p class="small">{h.note}</p>}
              </li>
            ))}
          </ol>
          <LetterFields fields={r.fields} spec={types.data?.find((x) => x.code === r.type_code)} lang={l} />
        </>
      )}
    </Page>
  );
}

function Resubmit({ request, onDone }: { request: LetterRequest; onDone: () => void }) {
  const t = useT();
  const who = useStore(claims);
  const [open, setOpen] = useState(false);
  const types = useAsync(async () => (open ? catalogue(who?.sub, request.village || (who?.village ?? "")) : []), [open]);
  const spec = types.data?.find((x) => x.code === request.type_code);
  const [values, setValues] = useState<FormValues>(() =>
    Object.fromEntries(Object.entries(request.fields).map(([k, v]) => [k, v == null ? "" : String(v)])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const action = useAction(async () => {
    if (!spec) return;
    const errs = validateFields(spec, values);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    await lettersApi.resubmit(request.id, toPayload(spec, values));
    setOpen(false);
    onDone();
  });
  if (!open) {
    return (
      <button type="button" class="block" onClick={() => setOpen(true)}>
        {t("letters.resubmit")}
      </button>
    );
  }
  return (
    <form class="card" noValidate onSubmit={(e) => { e.preventDefault(); void action.run(); }}>
      {types.loading && <Loading />}
      <ErrorAlert error={types.error} />
      {spec && <DynamicForm fields={spec.fields} values={values} errors={errors} onChange={(n, v) => setValues((s) => ({ ...s, [n]: v }))} />}
      <ErrorAlert error={action.error} />
      <button type="submit" class="block" disabled={action.busy || !spec}>{t("letters.resubmit")}</button>
    </form>
  );
}
