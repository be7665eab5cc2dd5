import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { hasRole, isStaff } from "../../auth/jwt";
import { claims } from "../../app/state";
import { useT, type Key } from "../../i18n";
import { match, navigate, useRoute } from "../../lib/router";
import { createStore, useStore } from "../../lib/store";
import { storage } from "../../lib/storage";
import { Alert, ErrorAlert, Loading, Page, Select, useAsync } from "../../ui/components";
import { Dashboard } from "./Dashboard";
import { Inbox } from "./Inbox";
import { ResidentDetail, Residents } from "./Residents";
import { AidAdmin } from "./AidAdmin";
import { MarketAdmin } from "./MarketAdmin";
import { Kiosks } from "./Kiosks";
import { Notices } from "./Notices";

/** The village the console works on: the staff member's own, or one chosen by a camat / regency admin. */
export const chosenVillage = createStore<string | null>(storage.get("balai.console.village"));
chosenVillage.subscribe((v) => storage.set("balai.console.village", v));

export function useVillage(): string | null {
  const who = useStore(claims);
  const chosen = useStore(chosenVillage);
  if (who?.village && who.village.length === 10) return who.village;
  return chosen;
}

/** Camat (district) accounts read aggregates only. */
export function useReadOnly(): boolean {
  const who = useStore(claims);
  return hasRole(who, "camat") && !hasRole(who, "operator", "kades", "regency_admin");
}

const SECTIONS: [string, Key][] = [
  ["/konsol", "console.stats"],
  ["/konsol/surat", "console.inbox"],
  ["/konsol/penduduk", "console.residents"],
  ["/konsol/bantuan", "console.aid"],
  ["/konsol/pengumuman", "console.notices"],
  ["/konsol/pasar", "console.market"],
  ["/konsol/anjungan", "console.kiosks"],
];

export function Console() {
  const t = useT();
  const who = useStore(claims);
  const readOnly = useReadOnly();
  const { path } = useRoute();
  useEffect(() => {
    if (!who) navigate(`/masuk?petugas=1&lanjut=${encodeURIComponent(path)}`, true);
    else if (!isStaff(who)) navigate("/", true);
  }, [who]);
  if (!who || !isStaff(who)) return null;
  // A camat sees the district's figures only: no registers, no letters, no shops.
  const sections = readOnly ? SECTIONS.filter(([href]) => href === "/konsol" || href === "/konsol/anjungan") : SECTIONS;
  return (
    <>
      <nav class="subnav" aria-label={t("console.title")}>
        {sections.map(([href, key]) => {
          const active = href === "/konsol" ? path === "/konsol" : path.startsWith(href);
          return (
            <a key={href} href={href} aria-current={active ? "page" : undefined}>
              {t(key)}
            </a>
          );
        })}
      </nav>
      <main id="main" class="wide">
        <VillageGate>
          <Section path={path} />
        </VillageGate>
      </main>
    </>
  );
}

function Section({ path }: { path: string }) {
  const t = useT();
  const resident = match("/konsol/penduduk/:id", path);
  if (resident) return <ResidentDetail id={resident.id!} />;
  switch (path) {
    case "/konsol":
      return <Dashboard />;
    case "/konsol/surat":
      return <Inbox />;
    case "/konsol/penduduk":
      return <Residents />;
    case "/konsol/bantuan":
      return <AidAdmin />;
    case "/konsol/pasar":
      return <MarketAdmin />;
    case "/konsol/anjungan":
      return <Kiosks />;
    case "/konsol/pengumuman":
      return <Notices />;
    default:
      return <p>{t("app.notFound")}</p>;
  }
}

/** Staff without a village of their own pick one of the villages in their scope. */
function VillageGate({ children }: { children: ComponentChildren }) {
  const t = useT();
  const who = useStore(claims);
  const village = useVillage();
  const readOnly = useReadOnly();
  const needsChoice = !(who?.village && who.village.length === 10);
  const villages = useAsync(async () => (needsChoice ? unwrap(api.identity.GET("/villages")) : []), [needsChoice]);
  return (
    <>
      {readOnly && <Alert kind="info">{t("console.readOnly")}</Alert>}
      {needsChoice && (
        <>
          {villages.loading && <Loading />}
          <ErrorAlert error={villages.error} onRetry={villages.reload} />
          {villages.data && (
            <Select
              label={t("console.village")}
              value={village ?? ""}
              onValue={(v) => chosenVillage.set(v || null)}
              placeholder={t("console.noVillage")}
              options={villages.data.map((v) => ({ value: v.compact_code, label: `${v.name} (${v.district_name})` }))}
            />
          )}
        </>
      )}
      {village ? children : needsChoice ? null : <Page title={t("console.title")}>{null}</Page>}
    </>
  );
}
