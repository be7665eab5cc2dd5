import { useState } from "preact/hooks";
import { api, session, unwrap } from "../api/client";
import { useT } from "../i18n";
import { digitsOnly } from "../lib/format";
import { navigate } from "../lib/router";
import { useStore } from "../lib/store";
import { toast } from "../app/state";
import { Alert, ErrorAlert, Field, Page, useAction } from "../ui/components";
import { pendingPinChange } from "./Login";

/**
 * First login: identity answered `must_change_pin` with a short-lived change token; the new PIN goes to
 * POST /auth/pin/change with `Authorization: Bearer <change_token>`, which answers with a session.
 * Signed-in residents can change their PIN here too (with the current PIN).
 */
export function PinChange() {
  const t = useT();
  const pending = useStore(pendingPinChange);
  const [current, setCurrent] = useState("");
  const [pin, setPin] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const action = useAction(async () => {
    const body = pending ? { new_pin: pin } : { new_pin: pin, current_pin: current };
    const pair = await unwrap(
      api.identity.POST("/auth/pin/change", {
        body,
        ...(pending ? { headers: { Authorization: `Bearer ${pending.token}` } } : {}),
      }),
    );
    setPin("");
    setAgain("");
    setCurrent("");
    session.accept(pair); // a new pair: the change revoked every other session of the resident
    const next = pending?.next ?? "/akun";
    pendingPinChange.set(null);
    toast(t("pin.done"));
    navigate(session.tokens ? next : "/masuk", true);
  });
  if (!pending && !session.tokens) {
    return (
      <Page title={t("pin.title")}>
        <p>
          <a href="/masuk">{t("nav.login")}</a>
        </p>
      </Page>
    );
  }
  return (
    <Page title={pending ? t("pin.title") : t("pin.change")}>
      {pending && <Alert kind="info">{t("pin.intro")}</Alert>}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const bad = pin !== again;
          setMismatch(bad);
          if (!bad && pin.length === 6) void action.run();
        }}
      >
        {!pending && (
          <Field label={t("pin.current")} value={current} onValue={(v) => setCurrent(digitsOnly(v, 6))} type="password"
            inputMode="numeric" autoComplete="current-password" class="digits" required />
        )}
        <Field label={t("pin.new")} value={pin} onValue={(v) => setPin(digitsOnly(v, 6))} type="password" inputMode="numeric"
          autoComplete="new-password" name="new_pin" class="digits" required help={t("pin.rules")} />
        <Field label={t("pin.repeat")} value={again} onValue={(v) => setAgain(digitsOnly(v, 6))} type="password" inputMode="numeric"
          autoComplete="new-password" name="new_pin_again" class="digits" required error={mismatch ? t("pin.mismatch") : undefined} />
        <ErrorAlert error={action.error} />
        <button class="block" type="submit" disabled={action.busy || pin.length !== 6}>
          {t("pin.submit")}
        </button>
      </form>
    </Page>
  );
}
