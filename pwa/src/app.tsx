import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { claims, online, outbox, toasts } from "./app/state";
import { applyUpdate, offlineReady, updateReady } from "./app/pwa";
import { isStaff, type Claims } from "./auth/jwt";
import { lang, setLang, useT } from "./i18n";
import { match, navigate, useRoute } from "./lib/router";
import { useStore } from "./lib/store";
import { Icon } from "./ui/components";
import { lazy } from "./ui/lazy";
import { Login } from "./pages/Login";
import { PinChange } from "./pages/PinChange";
import { AidCheck } from "./pages/AidCheck";
import { ResidentHome, Welcome } from "./pages/resident/Home";
import { MyAid } from "./pages/resident/MyAid";
import { LetterDetail, LetterList, LetterNew } from "./pages/resident/Letters";
import { Account } from "./pages/resident/Account";
import { NoticeBoardPage, NoticePage } from "./pages/Notices";

const Market = lazy(() => import("./pages/market/Market").then((m) => m.MarketRoutes));
const Console = lazy(() => import("./pages/operator/Console").then((m) => m.Console));
const Kiosk = lazy(() => import("./kiosk/KioskApp").then((m) => m.KioskApp));

export function App() {
  const { path } = useRoute();
  if (path === "/kiosk" || path.startsWith("/kiosk/")) return <Kiosk />;
  return <Shell />;
}

function Shell() {
  const t = useT();
  const { path } = useRoute();
  const who = useStore(claims);
  const staff = isStaff(who);
  const console = path.startsWith("/konsol");
  return (
    <>
      <a class="skip" href="#main">
        {t("app.skip")}
      </a>
      <header class="top">
        <a class="brand" href={staff ? "/konsol" : "/"}>
          <img src="/icons/icon.svg" alt="" width={28} height={28} />
          {staff ? t("console.title") : t("app.name")}
        </a>
        <span class="spacer" />
        <LangSwitch />
        {who ? (
          staff && (
            <a class="btn-top" href="/akun">
              {who.name ?? t("nav.account")}
            </a>
          )
        ) : (
          path !== "/masuk" && (
            <a class="btn-top" href="/masuk">
              {t("nav.login")}
            </a>
          )
        )}
      </header>
      <Banners />
      {console && <Console />}
      {!console && (
        <main id="main">
          <Routes who={who} />
        </main>
      )}
      {!console && who && !staff && <ResidentTabs />}
      <Toasts />
    </>
  );
}

function Routes({ who }: { who: Claims | null }) {
  const t = useT();
  const { path } = useRoute();
  const resident = who && !isStaff(who);
  const needLogin = (node: ComponentChildren) => (who ? node : <Redirect to={`/masuk?lanjut=${encodeURIComponent(path)}`} />);
  if (path === "/") return who ? isStaff(who) ? <Redirect to="/konsol" /> : <ResidentHome /> : <Welcome />;
  if (path === "/masuk") return <Login />;
  if (path === "/ganti-pin") return <PinChange />;
  if (path === "/cek-bantuan") return <AidCheck />;
  if (path === "/pengumuman") return <NoticeBoardPage />;
  const notice = match("/pengumuman/:village/:id", path);
  if (notice) return <NoticePage village={notice.village!} id={notice.id!} />;
  if (path === "/akun") return needLogin(<Account />);
  if (path === "/bantuan") return needLogin(<MyAid />);
  if (path === "/surat") return needLogin(<LetterList />);
  if (path === "/surat/baru") return needLogin(<LetterNew />);
  const letter = match("/surat/:id", path);
  if (letter) return needLogin(<LetterDetail id={letter.id!} />);
  if (path === "/pasar" || path.startsWith("/pasar/") || path === "/lapak") return <Market />;
  void resident;
  return <p>{t("app.notFound")}</p>;
}

export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, true), [to]);
  return null;
}

function LangSwitch() {
  const t = useT();
  const l = useStore(lang);
  return (
    <button type="button" onClick={() => setLang(l === "id" ? "en" : "id")} aria-label={`${t("app.lang")}: ${t("app.lang.switch")}`}>
      {l === "id" ? "EN" : "ID"}
    </button>
  );
}

const OFFLINE_READY_MS = 6_000;

function Banners() {
  const t = useT();
  const isOnline = useStore(online);
  const update = useStore(updateReady);
  const ready = useStore(offlineReady);
  // "Ready offline" is news, not a state: it floats over the page (no layout shift under a finger about
  // to tap) and goes by itself.
  useEffect(() => {
    if (!ready) return;
    const hide = setTimeout(() => offlineReady.set(false), OFFLINE_READY_MS);
    return () => clearTimeout(hide);
  }, [ready]);
  const queued = useStore(outbox.items);
  const who = useStore(claims);
  const mine = queued.filter((i) => i.owner === who?.sub && i.state === "waiting");
  return (
    <>
      {!isOnline && (
        <div class="banner offline" role="status">
          {t("app.offline")}
        </div>
      )}
      {mine.length > 0 && (
        <div class="banner offline" role="status">
          <Icon name="clock" /> <a href="/akun#antrian">{t("home.pending", { n: mine.length })}</a>
        </div>
      )}
      {update && (
        <div class="banner update" role="alert">
          {t("app.update")}
          <button type="button" onClick={applyUpdate}>
            {t("app.update.reload")}
          </button>
          <button type="button" class="secondary" onClick={() => updateReady.set(false)}>
            {t("app.update.later")}
          </button>
        </div>
      )}
      {ready && (
        <div class="banner ok toast" role="status">
          {t("app.offlineReady")}{" "}
          <button type="button" class="link" onClick={() => offlineReady.set(false)}>
            {t("app.close")}
          </button>
        </div>
      )}
    </>
  );
}

function Toasts() {
  const list = useStore(toasts);
  return (
    <div aria-live="polite" style="position:fixed;left:0;right:0;bottom:64px;z-index:20;padding:0 .75rem">
      {list.map((x) => (
        <div key={x.id} class={`alert ${x.kind === "error" ? "error" : x.kind === "info" ? "info" : "ok"}`} style="max-width:560px;margin:.4rem auto;box-shadow:0 2px 8px #0002">
          {x.text}
        </div>
      ))}
    </div>
  );
}

function ResidentTabs() {
  const t = useT();
  const { path } = useRoute();
  const tab = (href: string, icon: string, label: string) => {
    const active = href === "/" ? path === "/" : path.startsWith(href);
    return (
      <a href={href} aria-current={active ? "page" : undefined}>
        <Icon name={icon} />
        {label}
      </a>
    );
  };
  return (
    <nav class="tabs" aria-label={t("app.menu")}>
      {tab("/", "home", t("nav.home"))}
      {tab("/surat", "letter", t("nav.letters"))}
      {tab("/bantuan", "aid", t("nav.aid"))}
      {tab("/pasar", "market", t("nav.market"))}
      {tab("/akun", "user", t("nav.account"))}
    </nav>
  );
}
