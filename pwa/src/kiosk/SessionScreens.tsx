/** What a resident does at the kiosk once logged in: request a letter, print their letters, check aid. */
import { useState } from "preact/hooks";
import { asMyAid } from "../api/shapes";
import { emptyValues, toPayload, validateFields, type FormValues, type LetterTypeSpec } from "../app/letterform";
import { tDynamic, useLang, useT } from "../i18n";
import { formatDateTime, rupiah } from "../lib/format";
import { newKey } from "../offline/outbox";
import { Alert, ErrorAlert, Icon, Loading, Pill, Select, useAction, useAsync } from "../ui/components";
import { DynamicForm } from "../ui/DynamicForm";
import { chosenDocuments, DocumentInputs, missingDocuments, without } from "../ui/DocumentInputs";
import type { BridgeEvent, KioskBridge } from "./bridge";
import { periodLabel } from "../app/periods";

type Screen = "menu" | "request" | "letters" | "aid";
export type Sent = "submitted" | "queued" | null;

export function SessionMenu({ name, bridge, printMsg, queueTick }: { name: string | null; bridge: KioskBridge; printMsg: BridgeEvent | null; queueTick: number }) {
  const t = useT();
  const [screen, setScreen] = useState<Screen>("menu");
  const [sent, setSent] = useState<Sent>(null);
  if (screen === "menu") {
    return (
      <section>
        <h1 tabIndex={-1}>{name ? t("kiosk.welcome", { name }) : t("kiosk.welcomeNoName")}</h1>
        <div class="k-menu">
          <button type="button" onClick={() => setScreen("request")}>{t("kiosk.requestLetter")}</button>
          <button type="button" onClick={() => { setSent(null); setScreen("letters"); }}>{t("kiosk.myLetters")}</button>
          <button type="button" onClick={() => setScreen("aid")}>{t("kiosk.checkAid")}</button>
        </div>
      </section>
    );
  }
  const back = (
    <p>
      <button type="button" class="secondary" onClick={() => setScreen("menu")}>← {t("app.back")}</button>
    </p>
  );
  if (screen === "request") return <>{back}<KioskRequest bridge={bridge} onDone={(outcome) => { setSent(outcome); setScreen("letters"); }} /></>;
  if (screen === "letters") return <>{back}<KioskLetters bridge={bridge} printMsg={printMsg} sent={sent} queueTick={queueTick} /></>;
  return <>{back}<KioskAid bridge={bridge} /></>;
}

function KioskRequest({ bridge, onDone }: { bridge: KioskBridge; onDone: (outcome: Sent) => void }) {
  const t = useT();
  const types = useAsync(() => bridge.letterTypes(), [bridge]);
  const [code, setCode] = useState("");
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [key] = useState(newKey); // the same on every retry of this form: the gateway sends it once
  const [docs, setDocs] = useState<Record<string, File | null>>({});
  const spec: LetterTypeSpec | undefined = types.data?.find((x) => x.code === code);
  const submit = useAction(async () => {
    if (!spec) return;
    const errs = { ...validateFields(spec, values), ...missingDocuments(spec.documents ?? [], docs) };
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const attachments: string[] = [];
    for (const doc of chosenDocuments(spec.documents ?? [], docs)) attachments.push(await bridge.upload(doc.key, doc.file));
    const outcome = await bridge.submit({ type: spec.code, fields: toPayload(spec, values), attachments }, key);
    onDone(outcome.status);
  });
  return (
    <section>
      <h1 tabIndex={-1}>{t("kiosk.requestLetter")}</h1>
      {types.loading && <Loading />}
      <ErrorAlert error={types.error} onRetry={types.reload} />
      {types.data && (
        <form noValidate onSubmit={(e) => { e.preventDefault(); void submit.run(); }}>
          <Select label={t("letters.type")} value={code} placeholder={t("letters.chooseType")} options={types.data.map((x) => ({ value: x.code, label: x.title }))}
            onValue={(v) => { setCode(v); const s = types.data?.find((x) => x.code === v); setValues(s ? emptyValues(s) : {}); }} />
          {spec && (
            <>
              <DynamicForm fields={spec.fields} values={values} errors={errors} onChange={(n, v) => { setValues((s) => ({ ...s, [n]: v })); setErrors((e) => without(e, n)); }} />
              <DocumentInputs documents={spec.documents ?? []} files={docs} errors={errors} onFile={(k, f) => { setDocs((s) => ({ ...s, [k]: f })); setErrors((e) => without(e, `doc:${k}`)); }} />
              <ErrorAlert error={submit.error} />
              <button type="submit" class="block" disabled={submit.busy}>{t("letters.submit")}</button>
            </>
          )}
        </form>
      )}
    </section>
  );
}

function KioskLetters({ bridge, printMsg, sent, queueTick }: { bridge: KioskBridge; printMsg: BridgeEvent | null; sent: Sent; queueTick: number }) {
  const t = useT();
  const l = useLang();
  const list = useAsync(async () => {
    // Queued requests carry only their type's code: the titles come from the types (kept by the gateway offline).
    const [letters, types] = await Promise.all([bridge.letters(), bridge.letterTypes().catch(() => [])]);
    return { ...letters, titles: new Map(types.map((x) => [x.code, x.title])) };
  }, [bridge, queueTick]);
  const [job, setJob] = useState<string | null>(null);
  const print = useAction(async (id: string) => {
    setJob((await bridge.print(id)).job_id);
  });
  const status = printMsg?.type === "print.status" && printMsg.job_id === job ? printMsg : null;
  const titleOf = (code: string) => list.data?.titles.get(code) ?? code;
  return (
    <section>
      <h1 tabIndex={-1}>{t("kiosk.myLetters")}</h1>
      {sent === "submitted" && <Alert kind="ok">{t("kiosk.requestSent")}</Alert>}
      {sent === "queued" && <Alert kind="info">{t("kiosk.requestQueued")}</Alert>}
      {list.loading && !list.data && <Loading />}
      <ErrorAlert error={list.error ?? print.error} onRetry={list.reload} />
      {job && !status && <Alert kind="info">{t("kiosk.printing")}</Alert>}
      {status?.state === "done" && <Alert kind="ok">{t("kiosk.printed")}</Alert>}
      {status?.state === "error" && <Alert>{t("kiosk.printFailed", { message: status.message ?? "" })}</Alert>}
      {status && status.state !== "done" && status.state !== "error" && <Alert kind="info">{status.message ?? t("kiosk.printing")}</Alert>}
      <ul class="list">
        {(list.data?.queued ?? []).map((q) => (
          <li key={q.local_id}>
            <div class="row-head">
              <strong>{titleOf(q.letter_type)}</strong>
              <Pill>{q.status === "failed" ? t("kiosk.failed", { reason: q.error ?? "" }) : q.status === "waiting_auth" ? t("kiosk.waitingAuth") : t("kiosk.queued")}</Pill>
            </div>
            <p class="muted">{formatDateTime(q.created_at, l)}</p>
          </li>
        ))}
        {(list.data?.items ?? []).map((r) => (
          <li key={r.id}>
            <div class="row-head">
              <strong>{r.type_title}</strong>
              <Pill>{tDynamic(l, `letters.status.${r.status}`, r.status)}</Pill>
            </div>
            <p class="muted">{formatDateTime(r.created_at, l)}{r.number ? ` · ${r.number}` : ""}</p>
            {(r.status === "issued" || r.status === "signed") && (
              <button type="button" onClick={() => void print.run(r.id)} disabled={print.busy}>
                <Icon name="print" /> {t("kiosk.print")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function KioskAid({ bridge }: { bridge: KioskBridge }) {
  const t = useT();
  const l = useLang();
  const aid = useAsync(async () => asMyAid(await bridge.aid()), [bridge]);
  return (
    <section>
      <h1 tabIndex={-1}>{t("aid.mine")}</h1>
      {aid.loading && <Loading />}
      <ErrorAlert error={aid.error} onRetry={aid.reload} />
      {aid.data?.enrolments.length === 0 && <p>{t("home.noAid")}</p>}
      <ul class="list">
        {(aid.data?.enrolments ?? []).map((e) => {
          const last = e.disbursements[e.disbursements.length - 1];
          return (
            <li key={e.beneficiary.id}>
              <strong>{e.program.name}</strong>
              <p>{e.beneficiary.name}</p>
              {last && <p>{periodLabel(last.period, l)}: {tDynamic(l, `aid.status.${last.status}`, last.status)} {rupiah(last.amount_rupiah)}</p>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
