import { useState } from "preact/hooks";
import { api, unwrap } from "../api/client";
import type { AidCheck as Answer } from "../api/shapes";
import { tDynamic, useLang, useT } from "../i18n";
import { digitsOnly, formatDate } from "../lib/format";
import { Alert, ErrorAlert, Field, Page, Pill, useAction } from "../ui/components";
import { periodLabel } from "../app/periods";

/** Cek bantuan: public, by NIK; the service masks names and limits the rate. */
export function AidCheck() {
  const t = useT();
  const l = useLang();
  const [nik, setNik] = useState("");
  const [answer, setAnswer] = useState<Answer | null>(null);
  const action = useAction(async () => {
    setAnswer(null);
    setAnswer(await unwrap(api.aid.POST("/check", { body: { nik } })));
  });
  return (
    <Page title={t("aid.check.title")}>
      <p>{t("aid.check.intro")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (nik.length === 16) void action.run();
        }}
      >
        <Field label={t("login.nik")} value={nik} onValue={(v) => setNik(digitsOnly(v, 16))} inputMode="numeric" class="digits"
          name="nik" required autoComplete="off" />
        <button type="submit" class="block" disabled={action.busy || nik.length !== 16}>
          {t("aid.check.submit")}
        </button>
      </form>
      <ErrorAlert error={action.error} />
      {answer && !answer.enrolled && <Alert kind="info">{t("aid.check.notFound")}</Alert>}
      {answer && answer.enrolled && (
        <section aria-live="polite">
          <h2>
            {t("aid.check.found")} <span class="muted">NIK {answer.nik}</span>
          </h2>
          <ul class="list">
            {answer.programs.map((p, i) => (
              <li key={i}>
                <div class="row-head">
                  <strong>{p.program}</strong>
                  <Pill kind={p.status === "active" ? "ok" : "warn"}>{p.kind_label}</Pill>
                </div>
                <p class="muted">
                  {p.name} · {p.village_name}
                </p>
                {p.latest_disbursement && (
                  <p class="small">
                    {t("aid.lastDisbursement")}: {periodLabel(p.latest_disbursement.period, l)} —{" "}
                    {tDynamic(l, `aid.status.${p.latest_disbursement.status}`, p.latest_disbursement.status)}
                    {p.latest_disbursement.date ? ` (${formatDate(p.latest_disbursement.date, l)})` : ""}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
