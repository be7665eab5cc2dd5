import type { Synced } from "../../app/sync";
import { useLang, useT } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { isProblemError } from "../../api/problem";
import { ErrorAlert, Loading } from "../../ui/components";

/** Loading, the error, or — when showing the offline copy — when it was synced. */
export function SyncNote({ synced }: { synced: Synced<unknown> }) {
  const t = useT();
  const l = useLang();
  if (synced.loading && synced.data === undefined) return <Loading />;
  if (synced.error && synced.data !== undefined && synced.savedAt) {
    return <p class="muted small">{t("app.lastSync", { time: formatDateTime(new Date(synced.savedAt), l) })}</p>;
  }
  if (isProblemError(synced.error) && synced.error.problem.code === "not_available") {
    return <p class="muted">{synced.error.problem.detail}</p>;
  }
  if (synced.error) return <ErrorAlert error={synced.error} onRetry={synced.reload} />;
  return null;
}
