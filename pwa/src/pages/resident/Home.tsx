import { claims, outbox } from "../../app/state";
import { tDynamic, useLang, useT } from "../../i18n";
import { formatDate, formatDateTime, rupiah } from "../../lib/format";
import { useStore } from "../../lib/store";
import { Icon, Page, Pill } from "../../ui/components";
import { statusKind, useMe, useMyAid, useMyLetters } from "./data";
import { SyncNote } from "./SyncNote";
import { OutboxList } from "./Account";
import { HomeNotices } from "../Notices";
import { periodLabel } from "../../app/periods";

export function Welcome() {
  const t = useT();
  return (
    <Page title={t("app.tagline")}>
      <p>{t("home.intro")}</p>
      <div class="tiles">
        <a class="tile" href="/masuk">
          <Icon name="user" />
          {t("nav.login")}
        </a>
        <a class="tile" href="/cek-bantuan">
          <Icon name="aid" />
          {t("nav.checkAid")}
        </a>
        <a class="tile" href="/pasar">
          <Icon name="market" />
          {t("market.title")}
        </a>
        <a class="tile" href="/pengumuman">
          <Icon name="notice" />
          {t("notices.title")}
        </a>
        <a class="tile" href="/masuk?petugas=1">
          <Icon name="chart" />
          {t("login.staff")}
        </a>
      </div>
    </Page>
  );
}

export function ResidentHome() {
  const t = useT();
  const l = useLang();
  const me = useMe();
  const letters = useMyLetters();
  const aid = useMyAid();
  const who = useStore(claims);
  const queued = useStore(outbox.items).filter((i) => i.owner === who?.sub);
  const name = me.data?.name ?? "";
  const notices: string[] = [];
  for (const r of letters.data ?? []) {
    if (r.status === "returned") notices.push(`${r.type_title}: ${tDynamic(l, "letters.status.returned", r.status)}${r.reason ? ` — ${r.reason}` : ""}`);
    if (r.status === "issued" || r.status === "signed") notices.push(`${r.type_title}: ${tDynamic(l, `letters.status.${r.status}`, r.status)}`);
  }
  for (const e of aid.data?.enrolments ?? []) {
    const planned = e.disbursements.find((d) => d.status === "planned");
    if (planned) notices.push(`${e.program.name}: ${t("aid.status.planned")} ${periodLabel(planned.period, l)}`);
  }
  return (
    <Page title={name ? t("home.hello", { name }) : t("nav.home")}>
      <div class="tiles">
        <a class="tile" href="/surat/baru">
          <Icon name="letter" />
          {t("home.requestLetter")}
        </a>
        <a class="tile" href="/bantuan">
          <Icon name="aid" />
          {t("home.myAid")}
        </a>
        <a class="tile" href="/pasar">
          <Icon name="market" />
          {t("nav.market")}
        </a>
        <a class="tile" href="/cek-bantuan">
          <Icon name="search" />
          {t("nav.checkAid")}
        </a>
      </div>
      {queued.length > 0 && (
        <section>
          <h2>{t("outbox.title")}</h2>
          <OutboxList />
        </section>
      )}
      {who?.village && <HomeNotices village={who.village} />}
      <section>
        <h2>{t("home.notices")}</h2>
        {notices.length ? (
          <ul class="list">
            {notices.slice(0, 5).map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t("home.noNotices")}</p>
        )}
      </section>
      <section>
        <h2>{t("home.myLetters")}</h2>
        <SyncNote synced={letters} />
        {(letters.data ?? []).length === 0 && !letters.error && <p class="muted">{t("home.noLetters")}</p>}
        <ul class="list">
          {(letters.data ?? []).slice(0, 3).map((r) => (
            <li key={r.id}>
              <a class="row" href={`/surat/${r.id}`}>
                <div class="row-head">
                  <strong>{r.type_title}</strong>
                  <Pill kind={statusKind(r.status)}>{tDynamic(l, `letters.status.${r.status}`, r.status)}</Pill>
                </div>
                <span class="muted small">{formatDateTime(r.created_at, l)}</span>
              </a>
            </li>
          ))}
        </ul>
        <a href="/surat">{t("letters.title")} →</a>
      </section>
      <section>
        <h2>{t("home.myAid")}</h2>
        <SyncNote synced={aid} />
        {aid.data && aid.data.enrolments.length === 0 && <p class="muted">{t("home.noAid")}</p>}
        <ul class="list">
          {(aid.data?.enrolments ?? []).map((e) => {
            const last = e.disbursements[e.disbursements.length - 1];
            return (
              <li key={e.beneficiary.id}>
                <div class="row-head">
                  <strong>{e.program.name}</strong>
                  <Pill kind="ok">{e.program.kind_label}</Pill>
                </div>
                <span class="muted small">
                  {e.beneficiary.name}
                  {last ? ` · ${periodLabel(last.period, l)}: ${tDynamic(l, `aid.status.${last.status}`, last.status)} ${last.amount_rupiah ? rupiah(last.amount_rupiah) : ""}` : ""}
                  {last?.disbursed_on ? ` (${formatDate(last.disbursed_on, l)})` : ""}
                </span>
              </li>
            );
          })}
        </ul>
      </section>
    </Page>
  );
}
