import { useEffect, useRef, useState } from "preact/hooks";
import {
  BODY_MAX,
  categoryKind,
  categoryLabel,
  noticeHref,
  noticesApi,
  noticeState,
  TITLE_MAX,
  type NoticeCategoryOut,
  type StaffNotice,
} from "../../app/notices";
import { draftIssues, draftOf, emptyDraft, issuesByField, toNoticeIn, toPatch, type Draft } from "../../app/noticeform";
import { toast } from "../../app/state";
import { useLang, useT } from "../../i18n";
import { formatDate, isoToday } from "../../lib/format";
import { newKey } from "../../offline/outbox";
import { Alert, ErrorAlert, Field, Loading, Page, Pill, Select, TextArea, useAction, useAsync } from "../../ui/components";
import { useVillage } from "./Console";

/** Pengumuman: write, correct, pin and archive the village's notices; every notice, archived ones too. */
export function Notices() {
  const t = useT();
  const l = useLang();
  const village = useVillage()!;
  const list = useAsync(() => noticesApi.all(village), [village]);
  const categories = useAsync(() => noticesApi.categories(), []);
  const [editing, setEditing] = useState<StaffNotice | null>(null);
  const [round, setRound] = useState(0); // a new form (and a new Idempotency-Key) after each notice
  const done = (message: string) => {
    toast(message);
    setEditing(null);
    setRound((n) => n + 1);
    list.reload();
  };
  const act = useAction(async (n: StaffNotice, what: "pin" | "unpin" | "archive") => {
    if (what === "archive") {
      if (!window.confirm(t("notices.archiveConfirm", { title: n.title }))) return;
      await noticesApi.archive(village, n.id);
      toast(t("notices.archived"));
    } else {
      await noticesApi.update(village, n.id, { pinned: what === "pin" });
    }
    if (editing?.id === n.id) setEditing(null);
    list.reload();
  });
  return (
    <Page title={t("console.notices")}>
      <NoticeForm
        key={editing ? `edit-${editing.id}` : `new-${round}`}
        village={village}
        editing={editing}
        categories={categories.data ?? []}
        onDone={done}
        onCancel={() => setEditing(null)}
      />
      <h2>{t("notices.list")}</h2>
      {list.loading && !list.data && <Loading />}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <ErrorAlert error={act.error} />
      {list.data?.items.length === 0 && <p class="muted">{t("notices.none")}</p>}
      <ul class="list">
        {(list.data?.items ?? []).map((n) => {
          const state = noticeState(n);
          return (
            <li key={n.id}>
              <div class="row-head">
                <strong class="notice-title">{n.title}</strong>
                <Pill kind={state === "active" ? "ok" : state === "expired" ? "warn" : "bad"}>{t(`notices.state.${state}`)}</Pill>
              </div>
              <p class="notice-meta">
                <Pill kind={categoryKind(n.category)}>{categoryLabel(n, l)}</Pill>
                {n.pinned && <Pill kind="warn">{t("notices.pinned")}</Pill>}
                <span class="muted small">
                  {formatDate(n.published_at, l)}
                  {n.expires_on ? ` · ${t("notices.until", { date: formatDate(n.expires_on, l) })}` : ""}
                  {n.author_name ? ` · ${n.author_name}` : ""}
                </span>
              </p>
              {state !== "archived" && (
                <div class="actions">
                  <button type="button" class="secondary" aria-label={`${t("notices.edit")}: ${n.title}`} disabled={act.busy}
                    onClick={() => setEditing(n)}>
                    {t("notices.edit")}
                  </button>
                  <button type="button" class="secondary" aria-label={`${t(n.pinned ? "notices.unpin" : "notices.pin")}: ${n.title}`}
                    disabled={act.busy} onClick={() => void act.run(n, n.pinned ? "unpin" : "pin")}>
                    {t(n.pinned ? "notices.unpin" : "notices.pin")}
                  </button>
                  <button type="button" class="secondary" aria-label={`${t("notices.archive")}: ${n.title}`} disabled={act.busy}
                    onClick={() => void act.run(n, "archive")}>
                    {t("notices.archive")}
                  </button>
                  {state === "active" && (
                    <a class="btn secondary" href={noticeHref(n)} aria-label={`${t("notices.view")}: ${n.title}`}>
                      {t("notices.view")}
                    </a>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </Page>
  );
}

function NoticeForm(props: {
  village: string;
  editing: StaffNotice | null;
  categories: NoticeCategoryOut[];
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const l = useLang();
  const { editing } = props;
  const [key] = useState(newKey); // a retried "Terbitkan" (lost answer, double tap) makes one notice
  const [d, setD] = useState<Draft>(editing ? draftOf(editing) : emptyDraft());
  const [checked, setChecked] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!editing) return;
    heading.current?.scrollIntoView({ block: "start" });
    heading.current?.focus({ preventScroll: true }); // keyboard and screen reader users land on the form
  }, [editing]);
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setD((s) => ({ ...s, [k]: v }));
  const local = checked ? draftIssues(d, isoToday()) : [];
  const save = useAction(async () => {
    setChecked(true);
    if (draftIssues(d, isoToday()).length) return;
    if (editing) {
      const patch = toPatch(editing, d);
      if (Object.keys(patch).length) await noticesApi.update(props.village, editing.id, patch);
      props.onDone(t("notices.saved"));
    } else {
      await noticesApi.publish(props.village, toNoticeIn(d), key);
      props.onDone(t("notices.published"));
    }
  });
  const server = issuesByField(save.error);
  const error = (field: string) => {
    const mine = local.filter((i) => i.field === field).map((i) => t(i.key));
    return [...mine, server[field]].filter(Boolean).join(" ") || undefined;
  };
  const counter = (n: number, max: number) => t("notices.count", { n: n.toLocaleString(l === "en" ? "en-GB" : "id-ID"), max: max.toLocaleString(l === "en" ? "en-GB" : "id-ID") });
  return (
    <form class="card" noValidate onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
      <h2 ref={heading} tabIndex={-1}>{editing ? t("notices.editTitle") : t("notices.new")}</h2>
      <Field label={t("notices.field.title")} value={d.title} onValue={set("title")} maxLength={TITLE_MAX} required
        help={counter(d.title.length, TITLE_MAX)} error={error("title")} />
      <Select label={t("notices.field.category")} value={d.category} onValue={(v) => set("category")(v as Draft["category"])} required
        options={props.categories.map((c) => ({ value: c.value, label: l === "en" ? c.label_en : c.label }))} error={error("category")} />
      <TextArea label={t("notices.field.body")} value={d.body} onValue={set("body")} maxLength={BODY_MAX} required
        help={`${t("notices.bodyHelp")} ${counter(d.body.length, BODY_MAX)}`} {...(error("body") ? { error: error("body")! } : {})} />
      <label class="choice">
        <input type="checkbox" checked={d.pinned} onChange={(e) => set("pinned")((e.target as HTMLInputElement).checked)} />
        {t("notices.field.pinned")}
      </label>
      <Field label={`${t("notices.field.expires")} (${t("app.optional")})`} type="date" value={d.expires_on} onValue={set("expires_on")}
        min={isoToday()} help={t("notices.expiresHelp")} error={error("expires_on")} />
      <ErrorAlert error={Object.keys(server).length ? null : save.error} />
      {Object.keys(server).length > 0 && <Alert>{t("notices.fix")}</Alert>}
      <div class="actions">
        <button type="submit" disabled={save.busy}>{editing ? t("notices.save") : t("notices.publish")}</button>
        {editing && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t("app.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
