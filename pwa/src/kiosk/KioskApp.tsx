/**
 * Kiosk mode (Anjungan Desa Mandiri): full screen, big targets, an on-screen PIN pad, and the e-KTP
 * prompt driven by the kiosk gateway's card events. Nothing is stored: the session token lives in
 * memory and goes with the card, the idle timer, or "Selesai".
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { makeClients, unwrap, type Clients } from "../api/client";
import { asMyAid } from "../api/shapes";
import { decodeJwt } from "../auth/jwt";
import { Session, type KeyValue } from "../auth/session";
import { emptyValues, toPayload, validateFields, type FormValues, type LetterTypeSpec } from "../app/letterform";
import { makeLettersApi, type LettersApi } from "../app/letters";
import { setLang, tDynamic, useLang, useT } from "../i18n";
import { formatDateTime, rupiah } from "../lib/format";
import { storage } from "../lib/storage";
import { useStore } from "../lib/store";
import { newKey } from "../offline/outbox";
import { Alert, ErrorAlert, Icon, Loading, Pill, Select, useAction, useAsync } from "../ui/components";
import { DynamicForm } from "../ui/DynamicForm";
import { chosenDocuments, DocumentInputs, missingDocuments, without } from "../ui/DocumentInputs";
import { HttpBridge, type BridgeEvent, type ConnectionState, type KioskBridge } from "./bridge";
import { KioskController } from "./controller";
import { FakeBridge } from "./fake";

function memoryStorage(): KeyValue {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k) ?? null, set: (k, v) => void (v === null ? m.delete(k) : m.set(k, v)) };
}

export function bridgeAddress(query: URLSearchParams): string {
  const given = query.get("bridge");
  if (given) storage.set("balai.kiosk.bridge", given);
  return given ?? storage.get("balai.kiosk.bridge") ?? "http://127.0.0.1:8787";
}

function makeBridge(address: string): KioskBridge {
  if (address === "fake") {
    return new FakeBridge([
      { uid: "04A23B12", pin: "135790", session: { access_token: "demo", expires_in: 600, resident_name: "Warga Demo" } },
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
  const [conn, setConn] = useState<ConnectionState>("connecting");
  const [readerOk, setReaderOk] = useState(true);
  const [printMsg, setPrintMsg] = useState<BridgeEvent | null>(null);

  useEffect(() => {
    document.title = `${t("kiosk.title")} — Balai`;
    const offConn = bridge.onConnection(setConn);
    const offEv = bridge.onEvent((e) => {
      if (e.type === "reader.status") setReaderOk(e.connected);
      if (e.type === "print.status") setPrintMsg(e);
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

  // Back to Indonesian for the next person.
  useEffect(() => setLang("id"), [generation]);

  const session = view.step === "session" ? view.session : null;
  const clients = useMemo(() => {
    if (!session) return null;
    const s = new Session({ storage: memoryStorage(), refresh: () => Promise.reject(new Error("no refresh at a kiosk")) });
    s.accept({ access_token: session.access_token, expires_in: session.expires_in });
    return makeClients(s);
  }, [session]);

  return (
    <div class="kiosk" key={generation}>
      <header class="k-top">
        <Icon name="home" />
        <span>{t("kiosk.title")}</span>
        <span class="spacer" />
        {session && (
          <button type="button" onClick={() => void controller.end(undefined)}>
            {t("kiosk.done")}
          </button>
        )}
      </header>
      <main id="main">
        {(conn === "closed" || !readerOk) && <Alert kind="warn">{t("kiosk.bridgeDown")}</Alert>}
        {view.step === "tap" && <TapCard notice={view.notice} message={view.message} onTyped={(uid) => bridge.typed(uid)} />}
        {view.step === "pin" && <PinEntry error={view.error} busy={!!view.busy} onSubmit={(pin) => void controller.submitPin(pin)} onCancel={() => void controller.end(undefined)} />}
        {view.step === "session" && clients && (
          <SessionMenu name={view.session.resident_name ?? ""} clients={clients} bridge={bridge} token={view.session.access_token} printMsg={printMsg} />
        )}
        {bridge instanceof FakeBridge && <FakeHelper bridge={bridge} />}
      </main>
    </div>
  );
}

function TapCard({ notice, message, onTyped }: { notice?: "removed" | "idle" | "reader" | undefined; message?: string | undefined; onTyped: (uid: string) => void }) {
  const t = useT();
  const [typed, setTyped] = useState("");
  return (
    <section class="k-tap" aria-live="polite">
      {notice === "removed" && <Alert kind="info">{t("kiosk.removed")}</Alert>}
      {notice === "idle" && <Alert kind="info">{t("kiosk.idle")}</Alert>}
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
    </section>
  );
}

export function PinPad({ value, onValue, onOk, busy }: { value: string; onValue: (v: string) => void; onOk: () => void; busy: boolean }) {
  const t = useT();
  // Keys can arrive faster than renders (a fast typist, a USB keypad): always work on the latest value.
  const latest = useRef({ value, onValue, onOk });
  latest.current = { value, onValue, onOk };
  const press = (d: string) => {
    const { value: v, onValue: set } = latest.current;
    if (v.length < 6) {
      latest.current.value = v + d;
      set(v + d);
    }
  };
  const erase = () => {
    const { value: v, onValue: set } = latest.current;
    latest.current.value = v.slice(0, -1);
    set(v.slice(0, -1));
  };
  // A layout effect: the keys work from the moment the pad is on screen (a plain effect waits for a paint).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement) return;
      if (/^\d$/.test(e.key)) press(e.key);
      else if (e.key === "Backspace") erase();
      else if (e.key === "Enter" && latest.current.value.length === 6) latest.current.onOk();
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
          <button type="button" key={d} aria-label={t("kiosk.digit", { d })} onClick={() => press(d)}>{d}</button>
        ))}
        <button type="button" onClick={erase} aria-label={t("kiosk.delete")}>⌫</button>
        <button type="button" aria-label={t("kiosk.digit", { d: "0" })} onClick={() => press("0")}>0</button>
        <button type="button" class="ok" disabled={value.length !== 6 || busy} onClick={onOk}>{t("kiosk.ok")}</button>
      </div>
    </>
  );
}

function PinEntry({ error, busy, onSubmit, onCancel }: { error?: string | undefined; busy: boolean; onSubmit: (pin: string) => void; onCancel: () => void }) {
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
      <h1 tabIndex={-1}>{t("kiosk.enterPin")}</h1>
      {error && <Alert>{error}</Alert>}
      <PinPad value={pin} onValue={setPin} busy={busy} onOk={() => onSubmit(pinRef.current)} />
      <p style="text-align:center">
        <button type="button" class="secondary" onClick={onCancel}>{t("app.cancel")}</button>
      </p>
    </section>
  );
}

type Screen = "menu" | "request" | "letters" | "aid";

function SessionMenu({ name, clients, bridge, token, printMsg }: { name: string; clients: Clients; bridge: KioskBridge; token: string; printMsg: BridgeEvent | null }) {
  const t = useT();
  const [screen, setScreen] = useState<Screen>("menu");
  const letters = useMemo(() => makeLettersApi(clients), [clients]);
  if (screen === "menu") {
    return (
      <section>
        <h1 tabIndex={-1}>{t("kiosk.welcome", { name })}</h1>
        <div class="k-menu">
          <button type="button" onClick={() => setScreen("request")}>{t("kiosk.requestLetter")}</button>
          <button type="button" onClick={() => setScreen("letters")}>{t("kiosk.myLetters")}</button>
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
  const village = decodeJwt(token)?.village ?? "";
  if (screen === "request") return <>{back}<KioskRequest letters={letters} village={village} onDone={() => setScreen("letters")} /></>;
  if (screen === "letters") return <>{back}<KioskLetters letters={letters} bridge={bridge} token={token} printMsg={printMsg} /></>;
  return <>{back}<KioskAid clients={clients} /></>;
}

function KioskRequest({ letters, village, onDone }: { letters: LettersApi; village: string; onDone: () => void }) {
  const t = useT();
  const types = useAsync(() => letters.types(village), [letters, village]);
  const [code, setCode] = useState("");
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [key] = useState(newKey);
  const [docs, setDocs] = useState<Record<string, File | null>>({});
  const spec: LetterTypeSpec | undefined = types.data?.find((x) => x.code === code);
  const submit = useAction(async () => {
    if (!spec) return;
    const errs = { ...validateFields(spec, values), ...missingDocuments(spec.documents ?? [], docs) };
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const documents = chosenDocuments(spec.documents ?? [], docs);
    await letters.submit({ village, type: spec.code, fields: toPayload(spec, values), documents }, key);
    onDone();
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

function KioskLetters({ letters, bridge, token, printMsg }: { letters: LettersApi; bridge: KioskBridge; token: string; printMsg: BridgeEvent | null }) {
  const t = useT();
  const l = useLang();
  const list = useAsync(() => letters.mine(), [letters]);
  const [job, setJob] = useState<string | null>(null);
  const print = useAction(async (id: string) => {
    setJob((await bridge.print(id, token)).job_id);
  });
  const status = printMsg?.type === "print.status" && printMsg.job_id === job ? printMsg : null;
  return (
    <section>
      <h1 tabIndex={-1}>{t("kiosk.myLetters")}</h1>
      {list.loading && <Loading />}
      <ErrorAlert error={list.error ?? print.error} onRetry={list.reload} />
      {job && !status && <Alert kind="info">{t("kiosk.printing")}</Alert>}
      {status?.state === "done" && <Alert kind="ok">{t("kiosk.printed")}</Alert>}
      {status?.state === "error" && <Alert>{status.message ?? "Printer"}</Alert>}
      {status && status.state !== "done" && status.state !== "error" && <Alert kind="info">{t("kiosk.printing")}</Alert>}
      <ul class="list">
        {(list.data ?? []).map((r) => (
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

function KioskAid({ clients }: { clients: Clients }) {
  const t = useT();
  const l = useLang();
  const aid = useAsync(async () => asMyAid(await unwrap(clients.aid.GET("/me/aid"))), [clients]);
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
              {last && <p>{last.period}: {tDynamic(l, `aid.status.${last.status}`, last.status)} {rupiah(last.amount_rupiah)}</p>}
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
      <button type="button" class="secondary" onClick={() => bridge.remove()}>card.removed</button>
    </aside>
  );
}
