import { useState } from "preact/hooks";
import { lettersApi, type LetterRequest } from "../../app/letters";
import { claims } from "../../app/state";
import { hasRole } from "../../auth/jwt";
import { tDynamic, useLang, useT } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { useStore } from "../../lib/store";
import { ErrorAlert, Loading, Page, Pill, TextArea, useAction, useAsync } from "../../ui/components";
import { statusKind } from "../resident/data";
import { useReadOnly } from "./Console";

/** Letter requests waiting for the village: verify, return with a reason, sign (kades). */
export function Inbox() {
  const t = useT();
  const l = useLang();
  const inbox = useAsync(() => lettersApi.inbox(), []);
  return (
    <Page title={t("console.inbox")}>
      {inbox.loading && <Loading />}
      <ErrorAlert error={inbox.error} onRetry={inbox.reload} />
      {inbox.data && inbox.data.length === 0 && <p class="muted">{t("app.none")}</p>}
      <ul class="list">
        {(inbox.data ?? []).map((r) => (
          <InboxItem key={r.id} r={r} lang={l} onChange={inbox.reload} />
        ))}
      </ul>
    </Page>
  );
}

function InboxItem({ r, lang, onChange }: { r: LetterRequest; lang: "id" | "en"; onChange: () => void }) {
  const t = useT();
  const who = useStore(claims);
  const readOnly = useReadOnly();
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState("");
  const act = useAction(async (what: "verify" | "return" | "sign") => {
    if (what === "verify") await lettersApi.verify(r.id);
    if (what === "return") await lettersApi.giveBack(r.id, reason);
    if (what === "sign") await lettersApi.sign(r.id);
    onChange();
  });
  const canSign = hasRole(who, "kades", "operator");
  return (
    <li data-letter={r.id}>
      <div class="row-head">
        <strong>{r.type_title}</strong>
        <Pill kind={statusKind(r.status)}>{tDynamic(lang, `letters.status.${r.status}`, r.status)}</Pill>
      </div>
      <p class="muted small">
        {r.resident_name ?? ""} · {formatDateTime(r.created_at, lang)}
        {r.number ? ` · ${r.number}` : ""}
      </p>
      <dl class="small">
        {Object.entries(r.fields).map(([k, v]) => (
          <div key={k}>
            <dt style="display:inline" class="muted">{k.replace(/_/g, " ")}: </dt>
            <dd style="display:inline;margin:0">{String(v)}</dd>
          </div>
        ))}
      </dl>
      <ErrorAlert error={act.error} />
      {!readOnly && (
        <div class="actions">
          {r.status === "submitted" && (
            <button type="button" onClick={() => void act.run("verify")} disabled={act.busy}>
              {t("console.verify")}
            </button>
          )}
          {(r.status === "submitted" || r.status === "verified") && (
            <button type="button" class="secondary" onClick={() => setReturning(!returning)}>
              {t("console.return")}
            </button>
          )}
          {r.status === "verified" && canSign && (
            <button type="button" onClick={() => void act.run("sign")} disabled={act.busy}>
              {t("console.sign")}
            </button>
          )}
        </div>
      )}
      {returning && (
        <form onSubmit={(e) => { e.preventDefault(); if (reason.trim()) void act.run("return"); }}>
          <TextArea label={t("console.returnReason")} value={reason} onValue={setReason} required />
          <button type="submit" class="danger" disabled={!reason.trim() || act.busy}>
            {t("console.return")}
          </button>
        </form>
      )}
    </li>
  );
}
