import { useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { useT } from "../../i18n";
import { rupiah } from "../../lib/format";
import { AskOne, ErrorAlert, Loading, Page, Pill, Select, useAction, useAsync } from "../../ui/components";
import { useReadOnly, useVillage } from "./Console";

type Status = "pending" | "approved" | "suspended";

/** Shop approval and suspension, product moderation. */
export function MarketAdmin() {
  const t = useT();
  const village = useVillage()!;
  const readOnly = useReadOnly();
  const [status, setStatus] = useState<Status>("pending");
  const shops = useAsync(
    () => unwrap(api.marketplace.GET("/villages/{village}/shops", { params: { path: { village }, query: { status, limit: 50 } } })),
    [village, status],
  );
  const [open, setOpen] = useState("");
  const [suspending, setSuspending] = useState("");
  const act = useAction(async (id: string, reason?: string) => {
    if (reason === undefined) await unwrap(api.marketplace.POST("/shops/{shop_id}/approve", { params: { path: { shop_id: id } } }));
    else await unwrap(api.marketplace.POST("/shops/{shop_id}/suspend", { params: { path: { shop_id: id } }, body: { reason } }));
    setSuspending("");
    shops.reload();
  });
  return (
    <Page title={t("console.shops")}>
      <Select label={t("field.status")} value={status} onValue={(v) => setStatus(v as Status)}
        options={(["pending", "approved", "suspended"] as const).map((s) => ({ value: s, label: t(`shop.status.${s}`) }))} />
      {shops.loading && <Loading />}
      <ErrorAlert error={shops.error ?? act.error} onRetry={shops.reload} />
      {shops.data?.items.length === 0 && <p class="muted">{t("app.none")}</p>}
      <ul class="list">
        {(shops.data?.items ?? []).map((s) => (
          <li key={s.id}>
            <div class="row-head">
              <button type="button" class="link" aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? "" : s.id)}><strong>{s.name}</strong></button>
              <Pill kind={s.status === "approved" ? "ok" : s.status === "pending" ? "warn" : "bad"}>{t(`shop.status.${s.status as Status}`)}</Pill>
            </div>
            <p class="muted small">{s.description} · {s.pickup_address} · {s.whatsapp}</p>
            {!readOnly && (
              <div class="actions">
                {s.status !== "approved" && <button type="button" onClick={() => void act.run(s.id)}>{t("console.approve")}</button>}
                {s.status !== "suspended" && suspending !== s.id && (
                  <button type="button" class="secondary" onClick={() => setSuspending(s.id)}>{t("console.suspend")}</button>
                )}
              </div>
            )}
            {suspending === s.id && (
              <AskOne label={t("console.reason")} action={t("console.suspend")} required maxLength={300} busy={act.busy}
                onSubmit={(reason) => void act.run(s.id, reason)} onCancel={() => setSuspending("")} />
            )}
            {open === s.id && <ShopProducts shopId={s.id} readOnly={readOnly} />}
          </li>
        ))}
      </ul>
    </Page>
  );
}

function ShopProducts({ shopId, readOnly }: { shopId: string; readOnly: boolean }) {
  const t = useT();
  const products = useAsync(() => unwrap(api.marketplace.GET("/shops/{shop_id}/products", { params: { path: { shop_id: shopId }, query: { limit: 50 } } })), [shopId]);
  const [hiding, setHiding] = useState("");
  const act = useAction(async (id: string, reason?: string) => {
    if (reason === undefined) await unwrap(api.marketplace.POST("/products/{product_id}/unhide", { params: { path: { product_id: id } } }));
    else await unwrap(api.marketplace.POST("/products/{product_id}/hide", { params: { path: { product_id: id } }, body: { reason } }));
    setHiding("");
    products.reload();
  });
  return (
    <div>
      <ErrorAlert error={products.error ?? act.error} />
      <ul>
        {(products.data?.items ?? []).map((p) => (
          <li key={p.id}>
            {p.title} — {rupiah(p.price)} ({p.status}{p.hidden_reason ? `: ${p.hidden_reason}` : ""}){" "}
            {!readOnly && hiding !== p.id && (
              <button type="button" class="link" onClick={() => (p.status === "hidden" ? void act.run(p.id) : setHiding(p.id))}>
                {p.status === "hidden" ? t("console.unhide") : t("console.hide")}
              </button>
            )}
            {hiding === p.id && (
              <AskOne label={t("console.reason")} action={t("console.hide")} required maxLength={300} busy={act.busy}
                onSubmit={(reason) => void act.run(p.id, reason)} onCancel={() => setHiding("")} />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
