import { claims, logout, outbox } from "../../app/state";
import { lang, setLang, useLang, useT } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { navigate } from "../../lib/router";
import { useStore } from "../../lib/store";
import { Page, Pill } from "../../ui/components";
import { useMe } from "./data";

export function OutboxList() {
  const t = useT();
  const l = useLang();
  const who = useStore(claims);
  const items = useStore(outbox.items).filter((i) => i.owner === who?.sub);
  if (!items.length) return <p class="muted">{t("app.none")}</p>;
  return (
    <ul class="list" id="antrian" aria-label={t("outbox.title")}>
      {items.map((i) => (
        <li key={i.id} data-outbox-state={i.state}>
          <div class="row-head">
            <strong>{i.label}</strong>
            <Pill kind={i.state === "failed" ? "bad" : "warn"}>{i.state === "failed" ? t("outbox.failed") : t("outbox.waiting")}</Pill>
          </div>
          <p class="muted small">
            {formatDateTime(new Date(i.createdAt), l)}
            {i.attempts ? ` · ${t("outbox.tries", { n: i.attempts })}` : ""}
          </p>
          {i.error && i.state === "failed" && <p class="small">{i.error}</p>}
          <div class="actions">
            <button type="button" class="secondary" onClick={() => void outbox.retry(i.id)}>
              {t("outbox.sendNow")}
            </button>
            <button type="button" class="secondary" onClick={() => void outbox.discard(i.id)}>
              {t("outbox.discard")}
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

export function Account() {
  const t = useT();
  const l = useStore(lang);
  const who = useStore(claims);
  const me = useMe();
  const resident = who?.roles.includes("resident");
  return (
    <Page title={t("nav.account")}>
      <section class="card">
        <h2>{me.data?.name ?? who?.name ?? ""}</h2>
        {me.data && (
          <p class="muted">
            NIK {me.data.nik_masked} · {me.data.village_code}
          </p>
        )}
        {!resident && <p class="muted">{who?.roles.join(", ")}</p>}
      </section>
      <div class="field">
        <span id="lang-label">
          <strong>{t("app.lang")}</strong>
        </span>
        <div class="seg" role="group" aria-labelledby="lang-label">
          <button type="button" aria-pressed={l === "id"} onClick={() => setLang("id")} lang="id">
            Bahasa Indonesia
          </button>
          <button type="button" aria-pressed={l === "en"} onClick={() => setLang("en")} lang="en">
            English
          </button>
        </div>
      </div>
      {resident && (
        <>
          <h2>{t("outbox.title")}</h2>
          <OutboxList />
          <p>
            <a href="/lapak">{t("shop.title")}</a> · <a href="/pasar/pesanan">{t("market.myOrders")}</a> ·{" "}
            <a href="/ganti-pin">{t("pin.change")}</a>
          </p>
        </>
      )}
      <button
        type="button"
        class="secondary block"
        onClick={() => {
          void logout().then(() => navigate("/", true));
        }}
      >
        {t("nav.logout")}
      </button>
    </Page>
  );
}
