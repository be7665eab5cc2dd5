/** The kiosk's on-screen PIN pad, and the PIN step around it. */
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { useT } from "../i18n";
import { Alert } from "../ui/components";

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
export function PinEntry({ title, help, error, busy, onSubmit, onCancel }: { title: string; help?: string | undefined; error?: string | undefined; busy: boolean; onSubmit: (pin: string) => void; onCancel: () => void }) {
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
