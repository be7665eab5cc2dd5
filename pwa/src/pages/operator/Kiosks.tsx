import { useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { useLang, useT } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { ErrorAlert, Field, Loading, Page, Pill, useAction, useAsync } from "../../ui/components";
import { useReadOnly, useVillage } from "./Console";

/** The village's kiosks: up or down (heartbeats), reader and printer status, enrol a new one. */
export function Kiosks() {
  const t = useT();
  const l = useLang();
  const village = useVillage()!;
  const readOnly = useReadOnly();
  const devices = useAsync(() => unwrap(api.identity.GET("/villages/{code}/devices", { params: { path: { code: village } } })), [village]);
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const enrol = useAction(async () => {
    await unwrap(api.identity.POST("/villages/{code}/devices", { params: { path: { code: village } }, body: { name, public_key: key } }));
    setName("");
    setKey("");
    devices.reload();
  });
  return (
    <Page title={t("console.kiosks")}>
      {devices.loading && <Loading />}
      <ErrorAlert error={devices.error} onRetry={devices.reload} />
      {devices.data?.length === 0 && <p class="muted">{t("app.none")}</p>}
      <ul class="list">
        {(devices.data ?? []).map((d) => (
          <li key={d.device_id}>
            <div class="row-head">
              <strong>{d.name}</strong>
              <Pill kind={d.revoked ? "bad" : d.online ? "ok" : "warn"}>{d.revoked ? t("console.revoked") : d.online ? t("console.online") : t("console.offline")}</Pill>
            </div>
            <p class="muted small">{t("console.lastSeen")}: {formatDateTime(d.last_seen_at, l)}</p>
            {Object.keys(d.status).length > 0 && (
              <p class="small">
                {Object.entries(d.status).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(" · ")}
              </p>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <form class="card" onSubmit={(e) => { e.preventDefault(); void enrol.run(); }}>
          <h2>{t("console.enrolKiosk")}</h2>
          <Field label={t("field.name")} value={name} onValue={setName} required />
          <Field label={t("console.publicKey")} value={key} onValue={setKey} required autoComplete="off" help={t("console.publicKeyHelp")} />
          <ErrorAlert error={enrol.error} />
          <button type="submit" disabled={enrol.busy}>{t("console.enrolKiosk")}</button>
        </form>
      )}
    </Page>
  );
}
