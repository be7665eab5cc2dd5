/**
 * Kiosk mode (Anjungan Desa Mandiri): full screen, big targets, an on-screen PIN pad, and the e-KTP
 * prompt driven by the kiosk gateway's card events. The screen holds no token and stores nothing: the
 * gateway keeps the resident's session, and everything shown goes with the card, the idle timer, or
 * "Selesai" (the screen's state is keyed on the session generation).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { asMyAid } from "../api/shapes";
import { emptyValues, toPayload, validateFields, type FormValues, type LetterTypeSpec } from "../app/letterform";
import { setLang, tDynamic, useLang, useT } from "../i18n";
import { formatDateTime, rupiah } from "../lib/format";
import { storage } from "../lib/storage";
import { useStore } from "../lib/store";
import { newKey } from "../offline/outbox";
import { Alert, ErrorAlert, Icon, Loading, Pill, Select, useAction, useAsync } from "../ui/components";
import { DynamicForm } from "../ui/DynamicForm";
import { chosenDocuments, DocumentInputs, missingDocuments, without } from "../ui/DocumentInputs";
import { HttpBridge, type BridgeEvent, type ConnectionState, type KioskBridge } from "./bridge";
import { KioskController, type Notice } from "./controller";
import { FakeBridge } from "./fake";
import { periodLabel } from "../app/periods";

export const DEFAULT_BRIDGE = "http://127.0.0.1:8787/bridge";

/** `?bridge=<url>` once (remembered); a page the gateway serves itself uses its own origin. */
export function bridgeAddress(query: URLSearchParams, here: Location = location): string {
  const given = query.get("bridge");
  if (given) storage.set("balai.kiosk.bridge", given);
  const servedByGateway = here.port === "8787" && (here.hostname === "127.0.0.1" || here.hostname === "localhost");
  return given ?? storage.get("balai.kiosk.bridge") ?? (servedByGateway ? `${here.origin}/bridge` : DEFAULT_BRIDGE);
}

function makeBridge(address: string): KioskBridge {
  if (address === "fake") {
    return new FakeBridge([
      { uid: "04A23B12", pin: "135790", session: { expires_in: 300, idle_timeout_s: 60, resident_name: "Warga Demo" } },
    ]);
  }
  return new HttpBridge(address);
}

export function KioskApp() {
  const t = useT();
  const address = useMemo(() => bridgeAddress(new URLSearchParams(location.search)), []);
  const bridge = useMemo(() => makeBridge(address), [address]);
  const controller = useMemo(() => new KioskController(bridge), [bridge]);
  const view = useStore(controller.view);
  const generation = useStore(controller.generation);
  const centreOnline = useStore(controller.centreOnline);
  const [conn, setConn] = useState<ConnectionState>("connecting");
  const [readerOk, setReaderOk] = useState(true);
  const [printMsg, setPrintMsg] = useState<BridgeEvent | null>(null);
  const [queueTick, setQueueTick] = useState(0);

  useEffect(() => {
    document.title = `${t("kiosk.title")} — Balai`;
    const offConn = bridge.onConnection(setConn);
    const offEv = bridge.onEvent((e) => {
      if (e.type === "reader.status") setReaderOk(e.connected);
      if (e.type === "print.status") setPrintMsg(e);
      if (e.type === "request.updated") setQueueTick((n) => n + 1);
    });
    controller.start();
    const touch = () => controller.touch();
    window.addEventListener("pointerdown", touch);
    window.addEventListener("keydown", touch);
    return () => {
      offConn();
      offEv();
      controller.stop();
      window.removeEventListener("pointerdown", touch);
      window.removeEventListener("keydown", touch);
    };
  }, [controller]);

  // Back to Indonesian, and no print message, for the next person.
  useEffect(() => {
    setLang("id");
    setPrintMsg(null);
  }, [generation]);

  return (
    <div class="kiosk" key={generation}>
      <header class="k-top">
        <Icon name="home" />
        <span>{t("kiosk.title")}</span>
        <span class="spacer" />
        {view.step === "session" && (
          <button type="button" onClick={() => void controller.end(undefined)}>
            {t("kiosk.done")}
          </button>
        )}
      </header>
      <main id="main">
        {(conn === "closed" || !readerOk) && <Alert kind="warn">{t("kiosk.bridgeDown")}</Alert>}
        {conn === "open" && !centreOnline && <Alert kind="warn">{t("kiosk.offline")}</Alert>}
        {view.step === "tap" && <TapCard bridge={bridge} notice={view.notice} message={view.message} onTyped={(uid) => bridge.typed(uid)} />}
        {view.step === "pin" && <PinEntry title={t("kiosk.enterPin")} error={view.error} busy={!!view.busy} onSubmit={(pin) => void controller.submitPin(pin)} onCancel={() => void controller.end(undefined)} />}
        {view.step === "newpin" && (
          <PinEntry
            key={view.first === undefined ? "first" : "repeat"}
            title={view.first === undefined ? t("kiosk.newPin") : t("kiosk.repeatPin")}
            help={view.first === undefined ? t("kiosk.newPinHelp") : undefined}
            error={view.error === "mismatch" ? t("kiosk.pinMismatch") : view.error === "weak" ? t("kiosk.pinWeak") : view.error}
            busy={!!view.busy}
            onSubmit={(pin) => void controller.submitNewPin(pin)}
            onCancel={() => void controller.end(undefined)}
          />
        )}
        {view.step === "session" && <SessionMenu name={view.session.resident_name} bridge={bridge} printMsg={printMsg} queueTick={queueTick} />}
        {bridge instanceof FakeBridge && <FakeHelper bridge={bridge} />}
      </main>
    </div>
  );
}

function TapCard({ bridge, notice, message, onTyped }: { bridge: KioskBridge; notice?: Notice | undefined; message?: string | undefined; onTyped: (uid: string) => void }) {
  const t = useT();
  const [typed, setTyped] = useState("");
  const status = useAsync(() => bridge.status(), [bridge]);
  const [number, setNumber] = useState<string | null>(null);
  const ticket = useAction(async () => setNumber((await bridge.ticket()).number));
  return (
    <section class="k-tap" aria-live="polite">
      {notice === "removed" && <Alert kind="info">{t("kiosk.removed")}</Alert>}
      {notice === "idle" && <Alert kind="info">{t("kiosk.idle")}</Alert>}
      {notice === "expired" && <Alert kind="info">{t("kiosk.expired")}</Alert>}
      {notice === "reader" && <Alert kind="error">{t("kiosk.readerError", { message: message ?? "" })}</Alert>}
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.3" aria-hidden="true">
        <path d="M3 6h18v12H3zM3 10h18M6 15h5" />
      </svg>
      <h1 tabIndex={-1}>{t("kiosk.tap")}</h1>
      <p>{t("kiosk.tapHelp")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed) onTyped(typed);
          setTyped("");
        }}
        style="max-width:420px;margin:2rem auto 0"
      >
        <label class="sr-only" for="typed-card">{t("kiosk.keyboardCard")}</label>
        <input id="typed-card" value={typed} placeholder={t("kiosk.keyboardCard")} inputMode="numeric" autoComplete="off"
          onInput={(e) => setTyped((e.target as HTMLInputElement).value.trim())} />
      </form>
      {status.data?.ticket_printer.configured && (
        <p style="margin-top:2rem">
          <button type="button" class="secondary" disabled={ticket.busy} onClick={() => void ticket.run()}>{t("kiosk.ticket")}</button>
        </p>
      )}
      {number && <Alert kind="ok">{t("kiosk.ticketNumber", { number })}</Alert>}
      <ErrorAlert error={ticket.error} />
    </section>
  );
}

export function PinPad({ value, onValue, onOk, busy }: { value: string; onValue: (v: string) => void; onOk: () => void; busy: boolean }) {
  const t = useT();
  // Keys can arrive faster than renders (a fast typist, a USB keypad): always work on the latest value.
  // While a PIN is being checked the pad takes nothing: a tap meant for the next screen must not land here.
  const latest = useRef({ value, onValue, onOk, busy });
  latest.current = { value, onValue, onOk, busy };
  const press = (d: string) => {
    const { value: v, onValue: set, busy: checking } = latest.current;
    if (!checking && v.length < 6) {
      latest.current.value = v + d;
      set(v + d);
    }
  };
  const erase = () => {
    const { value: v, onValue: set, busy: checking } = latest.current;
    if (checking) return;
    latest.current.value = v.slice(0, -1);
    set(v.slice(0, -1));
  };
  // A layout effect: the keys work from the moment the pad is on screen (a plain effect waits for a paint).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement) return;
      if (/^\d$/.test(e.key)) press(e.key);
      else if (e.key === "Backspace") erase();
      else if (e.key === "Enter" && latest.current.value.length === 6 && !latest.current.busy) latest.current.onOk();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <>
      <div class="pin-dots" aria-label={`${value.length} / 6`} role="status">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <span key={i} class={i < value.length ? "on" : ""} />
        ))}
      </div>
      <div class="pinpad" role="group" aria-label={t("kiosk.pinPad")}>
        {["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((d) => (
          <button type="button" key={d} aria-label={t("kiosk.digit", { d })} disabled={busy} onClick={() => press(d)}>{d}</button>
        ))}
        <button type="button" onClick={erase} aria-label={t("kiosk.delete")} disabled={busy}>⌫</button>
        <button type="button" aria-label={t("kiosk.digit", { d: "0" })} disabled={busy} onClick={() => press("0")}>0</button>
        <button type="button" class="ok" disabled={value.length !== 6 || busy} onClick={onOk}>{t("kiosk.ok")}</button>
      </div>
    </>
  );
}

/** The PIN pad with its heading: the PIN to log in, or (first login) the resident's own new PIN. */
function PinEntry({ title, help, error, busy, onSubmit, onCancel }: { title: string; help?: string | undefined; error?: string | undefined; busy: boolean; onSubmit: (pin: string) => void; onCancel: () => void }) {
  const t = useT();
  const [pin, setPinState] = useState("");
  const pinRef = useRef("");
  const setPin = (v: string) => {
    pinRef.current = v;
    setPinState(v);
  };
  useEffect(() => {
    if (error) setPin("");
  }, [error]);
  return (
    <section>
      <h1 tabIndex={-1}>{title}</h1>
      {help && <p>{help}</p>}
      {error && <Alert>{error}</Alert>}
      <PinPad value={pin} onValue={setPin} busy={busy} onOk={() => onSubmit(pinRef.current)} />
      <p style="text-align:center">
        <button type="button" class="secondary" onClick={onCancel}>{t("app.cancel")}</button>
      </p>
    </section>
  );
}

type Screen = "menu" | "request" | "letters" | "aid";
type Sent = "submitted" | "queued" | null;

function SessionMenu({ name, bridge, printMsg, queueTick }: { name: string | null; bridge: KioskBridge; printMsg: BridgeEvent | null; queueTick: number }) {
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

/** Only with `?bridge=fake` (demos): buttons standing in for the card reader. */
function FakeHelper({ bridge }: { bridge: FakeBridge }) {
  return (
    <aside class="card small" style="margin-top:2rem">
      <strong>Demo</strong>{" "}
      <button type="button" class="secondary" onClick={() => bridge.present("04A23B12")}>card.presented</button>{" "}
      <button type="button" class="secondary" onClick={() => bridge.remove()}>card.removed</button>{" "}
      <button type="button" class="secondary" onClick={() => bridge.setCentre(!bridge.centreOnline)}>centre.online/offline</button>
    </aside>
  );
}
