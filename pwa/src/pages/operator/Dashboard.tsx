import { api, unwrap } from "../../api/client";
import { useLang, useT } from "../../i18n";
import { formatNumber, rupiah } from "../../lib/format";
import { Bars, Pyramid } from "../../ui/charts";
import { ErrorAlert, Loading, Page, useAsync } from "../../ui/components";
import { useVillage } from "./Console";

export function Dashboard() {
  const t = useT();
  const l = useLang();
  const village = useVillage()!;
  const population = useAsync(() => unwrap(api.identity.GET("/villages/{code}/stats/population", { params: { path: { code: village } } })), [village]);
  const aid = useAsync(() => unwrap(api.aid.GET("/stats", { params: { query: { area: village } } })), [village]);
  return (
    <Page title={t("console.stats")}>
      {population.loading && <Loading />}
      <ErrorAlert error={population.error} onRetry={population.reload} />
      {population.data && (
        <>
          <p>
            {t("console.total")}: <strong>{formatNumber(population.data.living, l)}</strong> {t("console.residents").toLowerCase()}
          </p>
          <Pyramid rows={population.data.age_sex} title={t("console.population")} maleLabel={t("console.male")} femaleLabel={t("console.female")} ageLabel={t("console.age")} lang={l} />
        </>
      )}
      <ErrorAlert error={aid.error} onRetry={aid.reload} />
      {aid.data && (
        <>
          <Bars title={t("console.aidByProgram")} lang={l} rows={aid.data.programs.map((p) => ({ label: p.name, value: p.beneficiaries.active }))} />
          <Bars title={`${t("console.disbursements")} (Rp)`} lang={l} format={rupiah}
            rows={aid.data.programs.filter((p) => p.amount_disbursed > 0).map((p) => ({ label: p.name, value: p.amount_disbursed }))} />
        </>
      )}
    </Page>
  );
}
