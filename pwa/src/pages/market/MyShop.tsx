import { useState } from "preact/hooks";
import { api, asIs, unwrap } from "../../api/client";
import { isProblemError } from "../../api/problem";
import type { components } from "../../api/generated/marketplace";
import { claims } from "../../app/state";
import { useLang, useT, type Key } from "../../i18n";
import { digitsOnly, formatDateTime, rupiah } from "../../lib/format";
import { useStore } from "../../lib/store";
import { Alert, AskOne, ErrorAlert, Field, Loading, Page, Pill, Select, TextArea, useAction, useAsync } from "../../ui/components";
import { OrderHead } from "./OrderHead";

type Shop = components["schemas"]["ShopOut"];

export function MyShop() {
  const t = useT();
  const who = useStore(claims);
  const shop = useAsync(async () => {
    try {
      return await unwrap(api.marketplace.GET("/shops/mine"));
    } catch (e) {
      if (isProblemError(e) && e.problem.status === 404) return null;
      throw e;
    }
  }, [who?.sub]);
  if (!who) return <Page title={t("shop.title")}><a href="/masuk?lanjut=/lapak">{t("nav.login")}</a></Page>;
  return (
    <Page title={t("shop.title")} back="/akun">
      {shop.loading && <Loading />}
      <ErrorAlert error={shop.error} onRetry={shop.reload} />
      {shop.data === null && <OpenShop onDone={shop.set} />}
      {shop.data && <ShopView shop={shop.data} />}
    </Page>
  );
}

function OpenShop({ onDone }: { onDone: (s: Shop) => void }) {
  const t = useT();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [whatsapp, setWhatsapp] = useState("");
  const [pickup, setPickup] = useState("");
  const action = useAction(async () => {
    onDone(await unwrap(api.marketplace.POST("/shops", { body: { name, description, whatsapp, pickup_address: pickup } })));
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); void action.run(); }}>
      <h2>{t("shop.open")}</h2>
      <Field label={t("shop.name")} value={name} onValue={setName} required name="shop_name" />
      <TextArea label={t("shop.description")} value={description} onValue={setDescription} />
      <Field label={t("shop.whatsapp")} value={whatsapp} onValue={(v) => setWhatsapp(digitsOnly(v, 15))} type="tel" inputMode="tel" required />
      <TextArea label={t("shop.pickup")} value={pickup} onValue={setPickup} required />
      <ErrorAlert error={action.error} />
      <button type="submit" class="block" disabled={action.busy}>{t("shop.open")}</button>
    </form>
  );
}

function ShopView({ shop }: { shop: Shop }) {
  const t = useT();
  const l = useLang();
  const products = useAsync(() => unwrap(api.marketplace.GET("/shops/{shop_id}/products", { params: { path: { shop_id: shop.id }, query: { limit: 50 } } })), [shop.id]);
  const orders = useAsync(() => unwrap(api.marketplace.GET("/shops/{shop_id}/orders", { params: { path: { shop_id: shop.id }, query: { limit: 50 } } })), [shop.id]);
  const [dispatching, setDispatching] = useState("");
  const act = useAction(async (id: string, what: "confirm" | "dispatch" | "paid", tracking?: string) => {
    const params = { params: { path: { order_id: id } } };
    if (what === "confirm") await unwrap(api.marketplace.POST("/orders/{order_id}/confirm", params));
    if (what === "paid") await unwrap(api.marketplace.POST("/orders/{order_id}/paid", params));
    if (what === "dispatch") {
      await unwrap(api.marketplace.POST("/orders/{order_id}/dispatch", { ...params, body: tracking ? { tracking_number: tracking } : {} }));
      setDispatching("");
    }
    orders.reload();
  });
  const status = `shop.status.${shop.status}` as Key;
  return (
    <>
      <section class="card">
        <div class="row-head">
          <h2>{shop.name}</h2>
          <Pill kind={shop.status === "approved" ? "ok" : shop.status === "pending" ? "warn" : "bad"}>{t(status)}</Pill>
        </div>
        {shop.status_reason && <p class="small">{shop.status_reason}</p>}
        <p class="muted">{shop.description}</p>
      </section>
      <h2>{t("shop.incoming")}</h2>
      <ErrorAlert error={orders.error ?? act.error} />
      {orders.data?.items.length === 0 && <p class="muted">{t("app.none")}</p>}
      <ul class="list">
        {(orders.data?.items ?? []).map((o) => (
          <li key={o.id}>
            <OrderHead order={o} />
            <p class="muted small">
              {formatDateTime(o.created_at, l)} · {rupiah(o.total)} · {t(`market.delivery.${o.delivery}` as Key)} ·{" "}
              {t(`market.payment.${o.payment}` as Key)}
              {o.paid ? ` (${t("shop.paid")})` : ""} · {o.contact_phone}
            </p>
            {o.address && <p class="small">{o.address}</p>}
            <div class="actions">
              {o.status === "placed" && <button type="button" onClick={() => void act.run(o.id, "confirm")}>{t("shop.confirm")}</button>}
              {o.status === "confirmed" && dispatching !== o.id && (
                <button type="button" onClick={() => (o.delivery === "parcel" ? setDispatching(o.id) : void act.run(o.id, "dispatch"))}>{t("shop.dispatch")}</button>
              )}
              {!o.paid && o.status !== "cancelled" && <button type="button" class="secondary" onClick={() => void act.run(o.id, "paid")}>{t("shop.markPaid")}</button>}
            </div>
            {dispatching === o.id && (
              <AskOne label={t("shop.tracking")} action={t("shop.dispatch")} maxLength={60} busy={act.busy}
                onSubmit={(tracking) => void act.run(o.id, "dispatch", tracking)} onCancel={() => setDispatching("")} />
            )}
          </li>
        ))}
      </ul>
      <h2>{t("shop.products")}</h2>
      <AddProduct shopId={shop.id} onDone={products.reload} />
      <ErrorAlert error={products.error} />
      <ul class="list">
        {(products.data?.items ?? []).map((p) => (
          <li key={p.id}>
            <div class="row-head">
              {p.photos[0] && <img class="thumb" src={p.photos[0].thumb_url} alt={p.title} width={56} height={56} />}
              <strong>{p.title}</strong>
              <span>{rupiah(p.price)} / {p.unit}</span>
            </div>
            <p class="muted small">
              {t("market.stock", { n: p.stock })} · {t(`shop.product.${p.status}` as Key)}
              {p.hidden_reason ? ` — ${p.hidden_reason}` : ""}
            </p>
            <StockAndPhoto productId={p.id} stock={p.stock} price={p.price} onDone={products.reload} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** A listed product's stock and price (changed together, only what changed is sent), and its photos. */
function StockAndPhoto({ productId, stock, price, onDone }: { productId: string; stock: number; price: number; onDone: () => void }) {
  const t = useT();
  const [value, setValue] = useState(String(stock));
  const [newPrice, setNewPrice] = useState(String(price));
  const save = useAction(async () => {
    const body = {
      ...(Number(value) !== stock ? { stock: Number(value) } : {}),
      ...(Number(newPrice) !== price ? { price: Number(newPrice) } : {}),
    };
    if (Object.keys(body).length) {
      await unwrap(api.marketplace.PATCH("/products/{product_id}", { params: { path: { product_id: productId } }, body }));
    }
    onDone();
  });
  const upload = useAction(async (file: File) => {
    await unwrap(
      api.marketplace.POST("/products/{product_id}/photos", {
        params: { path: { product_id: productId } },
        body: file,
        bodySerializer: asIs,
        headers: { "Content-Type": file.type },
      }),
    );
    onDone();
  });
  return (
    <div class="grid2">
      <form class="actions" onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
        <Field label={t("shop.stock")} value={value} onValue={(v) => setValue(digitsOnly(v, 6))} inputMode="numeric" />
        <Field label={t("shop.price")} value={newPrice} onValue={(v) => setNewPrice(digitsOnly(v, 10))} inputMode="numeric"
          help={rupiah(Number(newPrice))} />
        <button type="submit" class="secondary" disabled={save.busy}>{t("app.save")}</button>
      </form>
      <div class="field">
        <label>
          {t("shop.photo")}
          <input type="file" accept="image/jpeg,image/png,image/webp" onChange={(e) => {
            const f = (e.target as HTMLInputElement).files?.[0];
            if (f) void upload.run(f);
          }} />
        </label>
      </div>
      <ErrorAlert error={save.error ?? upload.error} />
    </div>
  );
}

function AddProduct({ shopId, onDone }: { shopId: string; onDone: () => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [category, setCategory] = useState("");
  const [price, setPrice] = useState("");
  const [unit, setUnit] = useState("pcs");
  const [stock, setStock] = useState("1");
  const [description, setDescription] = useState("");
  const categories = useAsync(() => unwrap(api.marketplace.GET("/categories")), []);
  const action = useAction(async () => {
    await unwrap(
      api.marketplace.POST("/shops/{shop_id}/products", {
        params: { path: { shop_id: shopId }, header: { "idempotency-key": crypto.randomUUID() } },
        body: { title, category, price: Number(price), unit, stock: Number(stock), description },
      }),
    );
    setOpen(false);
    setTitle("");
    setPrice("");
    onDone();
  });
  if (!open) return <button type="button" class="secondary" onClick={() => setOpen(true)}>{t("shop.addProduct")}</button>;
  return (
    <form class="card" onSubmit={(e) => { e.preventDefault(); void action.run(); }}>
      <Field label={t("shop.title.product")} value={title} onValue={setTitle} required />
      <Select label={t("market.category")} value={category} onValue={setCategory} required placeholder="—"
        options={(categories.data ?? []).map((c) => ({ value: c.slug, label: c.label }))} />
      <div class="grid2">
        <Field label={t("shop.price")} value={price} onValue={(v) => setPrice(digitsOnly(v, 10))} inputMode="numeric" required />
        <Field label={t("shop.unit")} value={unit} onValue={setUnit} required />
        <Field label={t("shop.stock")} value={stock} onValue={(v) => setStock(digitsOnly(v, 6))} inputMode="numeric" />
      </div>
      {price && <Alert kind="info">{rupiah(Number(price))}</Alert>}
      <TextArea label={t("shop.description")} value={description} onValue={setDescription} />
      <ErrorAlert error={action.error} />
      <div class="actions">
        <button type="submit" disabled={action.busy}>{t("app.save")}</button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>{t("app.cancel")}</button>
      </div>
    </form>
  );
}
