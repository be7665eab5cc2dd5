import { useState } from "preact/hooks";
import { api, session, unwrap } from "../api/client";
import { isStaff } from "../auth/jwt";
import { useT } from "../i18n";
import { digitsOnly } from "../lib/format";
import { navigate, useRoute } from "../lib/router";
import { createStore } from "../lib/store";
import { ErrorAlert, Field, Page, useAction } from "../ui/components";

/** The first-login PIN change token: memory only, never stored. */
export const pendingPinChange = createStore<{ token: string; next: string } | null>(null);

function nextPath(q: URLSearchParams, fallback: string): string {
  const next = q.get("lanjut");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : fallback;
}

export function Login() {
  const t = useT();
  const { query } = useRoute();
  const [mode, setMode] = useState<"resident" | "staff">(query.get("petugas") ? "staff" : "resident");
  return (
    <Page title={t("login.title")}>
      <div class="seg" role="group" aria-label={t("login.title")}>
        <button type="button" aria-pressed={mode === "resident"} onClick={() => setMode("resident")}>
          {t("login.resident")}
        </button>
        <button type="button" aria-pressed={mode === "staff"} onClick={() => setMode("staff")}>
          {t("login.staff")}
        </button>
      </div>
      {mode === "resident" ? <ResidentLogin next={nextPath(query, "/")} /> : <StaffLogin next={nextPath(query, "/konsol")} />}
      <p>
        <a href="/cek-bantuan">{t("login.publicCheck")}</a>
      </p>
    </Page>
  );
}

function ResidentLogin({ next }: { next: string }) {
  const t = useT();
  const [nik, setNik] = useState("");
  const [pin, setPin] = useState("");
  const [touched, setTouched] = useState(false);
  const nikError = touched && nik.length !== 16 ? t("login.nikInvalid") : undefined;
  const pinError = touched && pin.length !== 6 ? t("login.pinInvalid") : undefined;
  const action = useAction(async () => {
    const answer = await unwrap(api.identity.POST("/auth/resident/login", { body: { nik, pin } }));
    setPin("");
    if (answer.must_change_pin) {
      pendingPinChange.set({ token: answer.change_token, next });
      navigate("/ganti-pin");
      return;
    }
    session.accept(answer);
    navigate(next, true);
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (nik.length === 16 && pin.length === 6) void action.run();
      }}
    >
      <Field
        label={t("login.nik")}
        value={nik}
        onValue={(v) => setNik(digitsOnly(v, 16))}
        inputMode="numeric"
        autoComplete="username"
        name="nik"
        class="digits"
        required
        help={t("login.nik.help")}
        error={nikError}
      />
      <Field
        label={t("login.pin")}
        value={pin}
        onValue={(v) => setPin(digitsOnly(v, 6))}
        type="password"
        inputMode="numeric"
        autoComplete="current-password"
        name="pin"
        class="digits"
        required
        help={t("login.pin.help")}
        error={pinError}
      />
      <ErrorAlert error={action.error} />
      <button class="block" type="submit" disabled={action.busy}>
        {t("login.submit")}
      </button>
      <p class="muted">{t("login.noPin")}</p>
    </form>
  );
}

function StaffLogin({ next }: { next: string }) {
  const t = useT();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const action = useAction(async () => {
    const pair = await unwrap(api.identity.POST("/auth/staff/login", { body: { username, password } }));
    setPassword("");
    session.accept(pair);
    navigate(isStaff(session.claims) ? next : "/", true);
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void action.run();
      }}
    >
      <Field label={t("login.username")} value={username} onValue={setUsername} autoComplete="username" name="username" required />
      <Field
        label={t("login.password")}
        value={password}
        onValue={setPassword}
        type="password"
        autoComplete="current-password"
        name="password"
        required
      />
      <ErrorAlert error={action.error} />
      <button class="block" type="submit" disabled={action.busy}>
        {t("login.submit")}
      </button>
    </form>
  );
}
