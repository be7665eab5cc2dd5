/** The console's import report: the same for residents (identity) and programme participants (aid). */
import { Fragment } from "preact";
import type { ImportSummary } from "../../app/imports";
import { useLang, useT } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { Alert, Pill } from "../../ui/components";

export function ImportReportView({ summary }: { summary: ImportSummary }) {
  const t = useT();
  const l = useLang();
  return (
    <div aria-live="polite" class="import-report">
      {summary.saved ? <Alert kind="ok">{t("app.saved")}</Alert> : summary.dryRun && <Alert kind="info">{t("import.preview")}</Alert>}
      {summary.newProgram && <p>{t("import.newProgram", { name: summary.newProgram })}</p>}
      <dl class="facts">
        {summary.counts.map(([key, n]) => (
          <Fragment key={key}>
            <dt>{t(key)}</dt>
            <dd>{formatNumber(n, l)}</dd>
          </Fragment>
        ))}
      </dl>
      {summary.rejected.length > 0 && (
        <>
          <h3>{t("console.rejected")} ({summary.rejected.length})</h3>
          <ul class="small">
            {summary.rejected.map((r) => (
              <li key={r.row}>{t("console.row", { row: r.row })}: {r.text}</li>
            ))}
          </ul>
        </>
      )}
      {summary.flagged.length > 0 && (
        <>
          <h3>{t("console.flagged")} ({summary.flagged.length})</h3>
          <ul class="small">
            {summary.flagged.map((r) => (
              <li key={r.row}>
                {t("console.row", { row: r.row })}: {r.text} {r.held && <Pill kind="warn">{t("import.held")}</Pill>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
