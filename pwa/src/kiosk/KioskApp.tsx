/**
 * Kiosk mode (Anjungan Desa Mandiri): full screen, big targets, an on-screen PIN pad, and the e-KTP
 * prompt driven by the kiosk gateway's card events. The screen holds no token and stores nothing: the
 * gateway keeps the resident's session, and everything shown goes with the card, the idle timer, or
 * "Selesai" (the screen's state is keyed on the session generation).
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { setLang, useT } from "../i18n";
import { storage } from "../lib/storage";
import { useStore } from "../lib/store";
import { Alert, ErrorAlert, Icon, useAction, useAsync } from "../ui/components";
import { HttpBridge, type BridgeEvent, type ConnectionState, type KioskBridge } from "./bridge";
import { KioskController, type Notice } from "./controller";
import { FakeBridge } from "./fake";
import { PinEntry } from "./PinPad";
import { SessionMenu } from "./SessionScreens";

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
