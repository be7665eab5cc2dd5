import { useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/generated/identity";
import { enrolmentRequest, kioskHealth, worst, type HealthItem } from "../../app/kiosks";
import { useLang, useT } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { Alert, ErrorAlert, Field, Loading, Page, Pill, useAction, useAsync } from "../../ui/components";
import { useReadOnly, useVillage } from "./Console";

type Enrolled = components["schemas"]["DeviceEnrolledOut"];

/** The village's kiosks: up or down (heartbeats), reader and printer status, enrol a new one, revoke one. */
export function Kiosks() {
  const t = useT();
  const l = useLang();
  const village = useVillage()!;
  const readOnly = useReadOnly();
  const devices = useAsync(() => unwrap(api.identity.GET("/villages/{code}/devices", { params: { path: { code: village } } })), [village]);
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [enrolled, setEnrolled] = useState<Enrolled | null>(null);
  const [revoking, setRevoking] = useState("");
  const enrol = useAction(async () => {
    setEnrolled(await unwrap(api.identity.POST("/villages/{code}/devices", { params: { path: { code: village } }, body: { name, public_key: key } })));
    setName("");
    setKey("");
    devices.reload();
  });
  const revoke = useAction(async (id: string) => {
    await unwrap(api.identity.DELETE("/devices/{device_id}", { params: { path: { device_id: id } } }));
    setRevoking("");
    devices.reload();
  });
  const pasteKey = (text: string) => {
    const request = enrolmentRequest(text);
    setKey(request.public_key);
    if (request.name && !name) setName(request.name);
  };
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
            <p class="muted small">
              {t("console.lastSeen")}: {formatDateTime(d.last_seen_at, l)} · ID <code>{d.device_id}</code>
            </p>
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
            {!readOnly && !d.revoked && revoking !== d.device_id && (
              <button type="button" class="secondary" onClick={() => setRevoking(d.device_id)}>{t("console.revokeKiosk")}</button>
            )}
            {revoking === d.device_id && (
              <div role="alertdialog" aria-label={t("console.revokeKiosk")} class="card">
                <p>{t("console.revokeKioskWhy", { name: d.name })}</p>
                <ErrorAlert error={revoke.error} />
                <div class="actions">
                  <button type="button" class="danger" disabled={revoke.busy} onClick={() => void revoke.run(d.device_id)}>{t("console.revokeKioskYes")}</button>
                  <button type="button" class="secondary" onClick={() => setRevoking("")}>{t("app.cancel")}</button>
                </div>
              </div>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <form class="card" onSubmit={(e) => { e.preventDefault(); void enrol.run(); }}>
          <h2>{t("console.enrolKiosk")}</h2>
          <Field label={t("field.name")} value={name} onValue={setName} required />
          <Field label={t("console.publicKey")} value={key} onValue={pasteKey} required autoComplete="off" help={t("console.publicKeyHelp")} />
          <ErrorAlert error={enrol.error} />
          <button type="submit" disabled={enrol.busy}>{t("console.enrolKiosk")}</button>
        </form>
      )}
      {enrolled && (
        <Alert kind="ok">
          <p>{t("console.kioskEnrolled", { name: enrolled.name })}</p>
          <p class="small">{t("console.kioskEnrolledNext")}</p>
          <pre class="copy">device_id = "{enrolled.device_id}"</pre>
        </Alert>
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

