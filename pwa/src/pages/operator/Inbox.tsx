import { useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import type { LetterTypeSpec } from "../../app/letterform";
import { lettersApi, type LetterRequest } from "../../app/letters";
import { claims } from "../../app/state";
import { hasRole } from "../../auth/jwt";
import { tDynamic, useLang, useT, type Key } from "../../i18n";
import { saveBlob } from "../../lib/download";
import { formatDate, formatDateTime } from "../../lib/format";
import { useStore } from "../../lib/store";
import { ErrorAlert, Loading, Page, Pill, TextArea, useAction, useAsync } from "../../ui/components";
import { LetterFields } from "../LetterFields";
import { statusKind } from "../resident/data";
import { useReadOnly, useVillage } from "./Console";

type Filter = "submitted" | "verified" | "all";
const FILTERS: [Filter, Key][] = [
  ["submitted", "letters.waitingVerify"],
  ["verified", "letters.waitingSign"],
  ["all", "letters.all"],
];

/** Letter requests of the village: verify, return with a reason, reject, sign (kades, or an allowed operator). */
export function Inbox() {
  const t = useT();
  const l = useLang();
  const village = useVillage()!;
  const [filter, setFilter] = useState<Filter>("submitted");
  const types = useAsync(() => lettersApi.types(village), [village]);
  const inbox = useAsync(async () => {
    if (filter !== "verified") return lettersApi.inbox(village, filter === "all" ? undefined : filter);
    const [verified, checked] = await Promise.all([lettersApi.inbox(village, "verified"), lettersApi.inbox(village, "checked")]);
    return [...verified, ...checked].sort((a, b) => b.created_at.localeCompare(a.created_at));
  }, [village, filter]);
  return (
    <Page title={t("console.inbox")}>
      <div class="chips" role="group" aria-label={t("letters.status")}>
        {FILTERS.map(([f, key]) => (
          <button type="button" key={f} aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {t(key)}
          </button>
        ))}
      </div>
      {inbox.loading && <Loading />}
      <ErrorAlert error={inbox.error} onRetry={inbox.reload} />
      {inbox.data && inbox.data.length === 0 && <p class="muted">{t("app.none")}</p>}
      <ul class="list">
        {(inbox.data ?? []).map((r) => (
          <InboxItem key={r.id} summary={r} lang={l} types={types.data} onChange={inbox.reload} />
        ))}
      </ul>
    </Page>
  );
}

function InboxItem({ summary, lang, types, onChange }: {
  summary: LetterRequest;
  lang: "id" | "en";
  types: LetterTypeSpec[] | undefined;
  onChange: () => void;
}) {
  const t = useT();
  const who = useStore(claims);
  const readOnly = useReadOnly();
  const [open, setOpen] = useState(false);
  const [why, setWhy] = useState<"" | "return" | "reject">("");
  const [reason, setReason] = useState("");
  const detail = useAsync(async () => (open ? lettersApi.get(summary.id) : null), [open, summary.id]);
  const resident = useAsync(
    async () => (open ? unwrap(api.identity.GET("/residents/{resident_id}", { params: { path: { resident_id: summary.resident_id } } })) : null),
    [open, summary.resident_id],
  );
  const act = useAction(async (what: "verify" | "return" | "reject" | "sign") => {
    if (what === "verify") await lettersApi.verify(summary.id);
    if (what === "return") await lettersApi.giveBack(summary.id, reason);
    if (what === "reject") await lettersApi.reject(summary.id, reason);
    if (what === "sign") await lettersApi.sign(summary.id);
    setWhy("");
    onChange();
  });
  const attachment = useAction(async (id: string) => {
    const blob = await unwrap(api.letters.GET("/attachments/{attachment_id}", { params: { path: { attachment_id: id } }, parseAs: "blob" }));
    saveBlob(blob as Blob, `lampiran-${id.slice(0, 8)}`);
  });
  const r = detail.data ?? summary;
  const canSign = hasRole(who, "kades", "operator");
  const attachments = detail.data?.attachments ?? [];
  return (
    <li data-letter={r.id}>
      <div class="row-head">
        <strong>{r.type_title}</strong>
        <Pill kind={statusKind(r.status)}>{tDynamic(lang, `letters.status.${r.status}`, r.status)}</Pill>
      </div>
      <p class="muted small">
        {formatDateTime(r.created_at, lang)}
        {r.number ? ` · ${r.number}` : ""}
      </p>
      {!open && (
        <button type="button" class="secondary" onClick={() => setOpen(true)} aria-expanded="false">
          {t("letters.review")}
        </button>
      )}
      {open && (
        <>
          {(detail.loading || resident.loading) && <Loading />}
          <ErrorAlert error={detail.error ?? resident.error} />
          {resident.data && (
            <p>
              <strong>{resident.data.name}</strong> · NIK {resident.data.nik} · {formatDate(resident.data.birth_date, lang)}
            </p>
          )}
          {detail.data && <LetterFields fields={detail.data.fields} spec={types?.find((x) => x.code === r.type_code)} lang={lang} compact />}
          {attachments.map((a) => (
            <button type="button" class="link" key={a.id} onClick={() => void attachment.run(a.id)}>
              {t("letters.attachment")}: {a.kind.replace(/_/g, " ")}
            </button>
          ))}
          <ErrorAlert error={act.error ?? attachment.error} />
          {!readOnly && (
            <div class="actions">
              {r.status === "submitted" && (
                <button type="button" onClick={() => void act.run("verify")} disabled={act.busy}>
                  {t("console.verify")}
                </button>
              )}
              {(r.status === "verified" || r.status === "checked") && canSign && (
                <button type="button" onClick={() => void act.run("sign")} disabled={act.busy}>
                  {t("console.sign")}
                </button>
              )}
              {["submitted", "verified", "checked"].includes(r.status) && (
                <>
                  <button type="button" class="secondary" onClick={() => setWhy(why === "return" ? "" : "return")}>
                    {t("console.return")}
                  </button>
                  <button type="button" class="secondary" onClick={() => setWhy(why === "reject" ? "" : "reject")}>
                    {t("letters.reject")}
                  </button>
                </>
              )}
            </div>
          )}
          {why && (
            <form onSubmit={(e) => { e.preventDefault(); if (reason.trim()) void act.run(why); }}>
              <TextArea label={t("console.returnReason")} value={reason} onValue={setReason} required />
              <button type="submit" class="danger" disabled={!reason.trim() || act.busy}>
                {why === "return" ? t("console.return") : t("letters.reject")}
              </button>
            </form>
          )}
        </>
      )}
    </li>
  );
}
