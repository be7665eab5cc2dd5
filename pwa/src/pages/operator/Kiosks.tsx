import { useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { kioskHealth, worst, type HealthItem } from "../../app/kiosks";
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
        {sortedDevices(devices.data ?? []).map(({ device: d, health }) => (
          <li key={d.device_id}>
            <div class="row-head">
              <strong>{d.name}</strong>
              <Pill kind={d.revoked ? "bad" : d.online ? "ok" : "warn"}>{d.revoked ? t("console.revoked") : d.online ? t("console.online") : t("console.offline")}</Pill>
            </div>
            <p class="muted small">{t("console.lastSeen")}: {formatDateTime(d.last_seen_at, l)}</p>
            {!d.revoked && (
              <ul class="health" aria-label={d.name}>
                {health.map((item) => (
                  <li key={item.key} class={`health-${item.level}`}>
                    <span aria-hidden="true">{item.level === "ok" ? "✓" : item.level === "warn" ? "!" : "✕"}</span> {item.fallback ?? t(item.key, item.vars)}
                  </li>
                ))}
              </ul>
            )}
            {Object.keys(d.status).length > 0 && (
              <details class="small">
                <summary>{t("kioskHealth.details")}</summary>
                <pre>{JSON.stringify(d.status, null, 1)}</pre>
              </details>
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

type Device = { device_id: string; name: string; revoked: boolean; online: boolean; status: Record<string, unknown>; last_seen_at?: string | null };

/** Kiosks needing attention first (down or a problem), then by name. */
function sortedDevices<D extends Device>(devices: D[]): { device: D; health: HealthItem[] }[] {
  const rank = { bad: 0, warn: 1, ok: 2 } as const;
  return devices
    .map((device) => ({ device, health: device.revoked ? [] : kioskHealth(device.status, device.online) }))
    .sort((a, b) => Number(a.device.revoked) - Number(b.device.revoked) || rank[worst(a.health)] - rank[worst(b.health)] || a.device.name.localeCompare(b.device.name));
}

