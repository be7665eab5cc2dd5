import { tDynamic, useLang, useT } from "../../i18n";
import { formatDate, rupiah } from "../../lib/format";
import { Page, Pill, TableWrap } from "../../ui/components";
import { statusKind, useMyAid } from "./data";
import { SyncNote } from "./SyncNote";
import { periodLabel } from "../../app/periods";

/** The resident's own and family's aid, in full, readable offline from the last sync. */
export function MyAid() {
  const t = useT();
  const l = useLang();
  const aid = useMyAid();
  return (
    <Page title={t("aid.mine")}>
      <SyncNote synced={aid} />
      {aid.data && aid.data.enrolments.length === 0 && <p class="muted">{t("home.noAid")}</p>}
      {(aid.data?.enrolments ?? []).map((e) => (
        <section class="card" key={e.beneficiary.id}>
          <div class="row-head">
            <h2>{e.program.name}</h2>
            <Pill kind={statusKind(e.beneficiary.status)}>{tDynamic(l, `aid.status.${e.beneficiary.status}`, e.beneficiary.status)}</Pill>
          </div>
          <p class="muted">
            {e.program.kind_label} · {e.beneficiary.name}
            {e.program.benefit.amount_rupiah ? ` · ${rupiah(e.program.benefit.amount_rupiah)}` : ""}
            {e.program.benefit.goods ? ` · ${e.program.benefit.goods}` : ""}
          </p>
          {e.disbursements.length > 0 && (
            <TableWrap label={`${t("console.disbursements")}: ${e.program.name}`}>
              <table>
                <caption class="sr-only">{t("console.disbursements")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("aid.period")}</th>
                    <th scope="col">{t("aid.status")}</th>
                    <th scope="col" class="num">{t("aid.amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.disbursements.map((d) => (
                    <tr key={d.period}>
                      <td>
                        {periodLabel(d.period, l)}
                        {d.disbursed_on ? <div class="muted small">{formatDate(d.disbursed_on, l)}</div> : null}
                      </td>
                      <td>
                        <Pill kind={statusKind(d.status)}>{tDynamic(l, `aid.status.${d.status}`, d.status)}</Pill>
                        {d.failure_reason ? <div class="small">{d.failure_reason}</div> : null}
                      </td>
                      <td class="num">{rupiah(d.amount_rupiah)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </section>
      ))}
    </Page>
  );
}
