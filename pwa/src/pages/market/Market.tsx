import { useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { claims, enqueue, online, sentCount, toast } from "../../app/state";
import { useLang, useT, type Key } from "../../i18n";
import { digitsOnly, formatDateTime, rupiah } from "../../lib/format";
import { match, navigate, useRoute } from "../../lib/router";
import { useStore } from "../../lib/store";
import { Alert, ErrorAlert, Field, Icon, Loading, Page, Pill, Select, TextArea, useAction, useAsync } from "../../ui/components";
import { addToCart, cart, cartTotal, clearCart, setQuantity } from "./cart";
import { MyShop } from "./MyShop";
import { OrderHead } from "./OrderHead";

export function MarketRoutes() {
  const { path } = useRoute();
  const product = match("/pasar/produk/:id", path);
  if (product) return <Product id={product.id!} />;
  if (path === "/pasar/keranjang") return <CartPage />;
  if (path === "/pasar/pesanan") return <MyOrders />;
  if (path === "/lapak") return <MyShop />;
  return <Browse />;
}

const SORTS = ["relevance", "newest", "price_asc", "price_desc"] as const;
type Sort = (typeof SORTS)[number];

function Browse() {
  const t = useT();
  const { query } = useRoute();
  const [q, setQ] = useState(query.get("q") ?? "");
  const [category, setCategory] = useState(query.get("kategori") ?? "");
  const [sort, setSort] = useState<Sort>((SORTS as readonly string[]).includes(query.get("urut") ?? "") ? (query.get("urut") as Sort) : "relevance");
  const [submitted, setSubmitted] = useState({ q, category, sort });
  const [offset, setOffset] = useState(0);
  const categories = useAsync(() => unwrap(api.marketplace.GET("/categories")), []);
  const products = useAsync(async () => {
    const page = await unwrap(
      api.marketplace.GET("/products", {
        params: {
          query: {
            q: submitted.q,
            limit: 20,
            offset,
            ...(submitted.category ? { category: submitted.category } : {}),
            ...(submitted.sort !== "relevance" ? { sort: submitted.sort } : {}),
          },
        },
      }),
    );
    return page;
  }, [submitted, offset]);
  const c = useStore(cart);
  const count = c.lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <Page title={t("market.title")}>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setSubmitted({ q, category, sort });
          const p = new URLSearchParams({ ...(q ? { q } : {}), ...(category ? { kategori: category } : {}), ...(sort !== "relevance" ? { urut: sort } : {}) });
          history.replaceState(null, "", `/pasar${p.size ? `?${p}` : ""}`);
        }}
      >
        <Field label={t("market.search")} value={q} onValue={setQ} type="search" name="q" placeholder="keripik, batik, beras…" />
        <div class="grid2">
          <Select label={t("market.category")} value={category} onValue={setCategory} placeholder={t("market.allCategories")}
            options={(categories.data ?? []).map((x) => ({ value: x.slug, label: x.label }))} />
          <Select label={t("market.sort")} value={sort} onValue={(v) => setSort(v as Sort)}
            options={SORTS.map((s) => ({ value: s, label: t(`market.sort.${s}` as Key) }))} />
        </div>
        <div class="actions">
          <button type="submit">
            <Icon name="search" /> {t("app.search")}
          </button>
          <a class="btn secondary" href="/pasar/keranjang">
            <Icon name="cart" /> {t("market.cart")} ({count})
          </a>
          <a class="btn secondary" href="/pasar/pesanan">
            {t("market.myOrders")}
          </a>
        </div>
      </form>
      {products.loading && <Loading />}
      <ErrorAlert error={products.error} onRetry={products.reload} />
      {products.data && products.data.items.length === 0 && <p class="muted">{t("market.noProducts")}</p>}
      <div class="grid2" style="margin-top:1rem">
        {(products.data?.items ?? []).map((p) => (
          <a class="product" href={`/pasar/produk/${p.id}`} key={p.id}>
            <div class="ph">{p.thumb_url ? <img src={p.thumb_url} alt="" loading="lazy" width={300} height={300} /> : <Icon name="shop" />}</div>
            <div class="body">
              <div>{p.title}</div>
              <div class="price">
                {rupiah(p.price)} <span class="muted small">/ {p.unit}</span>
              </div>
              <div class="muted small">
                {p.shop_name}
                {p.village_name ? ` · ${p.village_name}` : ""}
              </div>
              {p.stock <= 0 && <Pill kind="bad">{t("market.outOfStock")}</Pill>}
            </div>
          </a>
        ))}
      </div>
      {products.data?.next_offset != null && (
        <button type="button" class="secondary block" style="margin-top:1rem" onClick={() => setOffset(products.data!.next_offset!)}>
          {t("app.more")}
        </button>
      )}
    </Page>
  );
}

function Product({ id }: { id: string }) {
  const t = useT();
  const product = useAsync(() => unwrap(api.marketplace.GET("/products/{product_id}", { params: { path: { product_id: id } } })), [id]);
  const shop = useAsync(
    async () => (product.data ? unwrap(api.marketplace.GET("/shops/{shop_id}", { params: { path: { shop_id: product.data.shop_id } } })) : null),
    [product.data?.shop_id],
  );
  const [qty, setQty] = useState(1);
  const p = product.data;
  return (
    <Page title={p?.title ?? t("market.title")} back="/pasar">
      {product.loading && <Loading />}
      <ErrorAlert error={product.error} onRetry={product.reload} />
      {p && (
        <>
          {p.photos[0] && <img src={p.photos[0].url} alt={p.title} style="width:100%;border-radius:12px" width={p.photos[0].width} height={p.photos[0].height} />}
          <p class="price" style="font-size:1.3rem">
            {rupiah(p.price)} <span class="muted small">/ {p.unit}</span>
          </p>
          <p>{p.stock > 0 ? t("market.stock", { n: p.stock }) : <Pill kind="bad">{t("market.outOfStock")}</Pill>}</p>
          {/* descriptions are text, never HTML */}
          <p style="white-space:pre-line">{p.description}</p>
          {shop.data && (
            <p class="muted">
              {t("market.seller")}: {shop.data.name} · <a href={shop.data.whatsapp_link} rel="noopener" target="_blank">WhatsApp</a>
            </p>
          )}
          {p.stock > 0 && shop.data && (
            <div class="actions">
              <div class="qty" role="group" aria-label={t("market.quantity")}>
                <button type="button" class="secondary" aria-label="−1" onClick={() => setQty(Math.max(1, qty - 1))}>−</button>
                <output aria-live="polite">{qty}</output>
                <button type="button" class="secondary" aria-label="+1" onClick={() => setQty(Math.min(p.stock, qty + 1))}>+</button>
              </div>
              <button
                type="button"
                onClick={() => {
                  const switched = addToCart({ id: shop.data!.id, name: shop.data!.name }, { product_id: p.id, title: p.title, unit: p.unit, price: p.price, stock: p.stock }, qty);
                  toast(switched ? t("market.oneShop") : `${t("market.addToCart")}: ${p.title}`, switched ? "info" : "ok");
                }}
              >
                <Icon name="cart" /> {t("market.addToCart")}
              </button>
            </div>
          )}
        </>
      )}
    </Page>
  );
}

const DELIVERIES = ["pickup", "village_courier", "parcel"] as const;
const PAYMENTS = ["cod", "bank_transfer", "qris"] as const;

function CartPage() {
  const t = useT();
  const c = useStore(cart);
  const who = useStore(claims);
  const isOnline = useStore(online);
  const [delivery, setDelivery] = useState<(typeof DELIVERIES)[number]>("pickup");
  const [payment, setPayment] = useState<(typeof PAYMENTS)[number]>("cod");
  const [address, setAddress] = useState("");
  const [phone, setPhone] = useState("");
  const [note, setNote] = useState("");
  const order = useAction(async () => {
    if (!c.shop_id) return;
    await enqueue(
      "order.place",
      {
        shop_id: c.shop_id,
        items: c.lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity })),
        delivery,
        payment,
        contact_phone: phone,
        ...(address ? { address } : {}),
        ...(note ? { note } : {}),
      },
      `${t("market.order")}: ${c.shop_name}`,
    );
    clearCart();
    navigate("/pasar/pesanan");
  });
  return (
    <Page title={t("market.cart")} back="/pasar">
      {c.lines.length === 0 && <p class="muted">{t("market.cartEmpty")}</p>}
      {c.lines.length > 0 && (
        <>
          <p class="muted">{c.shop_name}</p>
          <ul class="list">
            {c.lines.map((l) => (
              <li key={l.product_id}>
                <div class="row-head">
                  <strong>{l.title}</strong>
                  <span>{rupiah(l.price * l.quantity)}</span>
                </div>
                <div class="qty" role="group" aria-label={`${t("market.quantity")}: ${l.title}`}>
                  <button type="button" class="secondary" aria-label="−1" onClick={() => setQuantity(l.product_id, l.quantity - 1)}>−</button>
                  <output>{l.quantity}</output>
                  <button type="button" class="secondary" aria-label="+1" onClick={() => setQuantity(l.product_id, l.quantity + 1)}>+</button>
                  <span class="muted small">
                    × {rupiah(l.price)} / {l.unit}
                  </span>
                </div>
              </li>
            ))}
          </ul>
          <p style="font-size:1.2rem">
            {t("market.total")}: <strong>{rupiah(cartTotal(c))}</strong>
          </p>
          {!who ? (
            <a class="btn block" href="/masuk?lanjut=/pasar/keranjang">
              {t("nav.login")}
            </a>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void order.run();
              }}
            >
              <fieldset>
                <legend>{t("market.delivery")}</legend>
                {DELIVERIES.map((d) => (
                  <label class="choice" key={d}>
                    <input type="radio" name="delivery" value={d} checked={delivery === d} onChange={() => setDelivery(d)} />
                    {t(`market.delivery.${d}` as Key)}
                  </label>
                ))}
              </fieldset>
              {delivery !== "pickup" && <TextArea label={t("market.address")} value={address} onValue={setAddress} required />}
              <fieldset>
                <legend>{t("market.payment")}</legend>
                {PAYMENTS.map((p) => (
                  <label class="choice" key={p}>
                    <input type="radio" name="payment" value={p} checked={payment === p} onChange={() => setPayment(p)} />
                    {t(`market.payment.${p}` as Key)}
                  </label>
                ))}
              </fieldset>
              <Field label={t("market.phone")} value={phone} onValue={(v) => setPhone(digitsOnly(v, 15))} type="tel" inputMode="tel" autoComplete="tel" required name="phone" />
              <TextArea label={`${t("market.note")} (${t("app.optional")})`} value={note} onValue={setNote} />
              {!isOnline && <Alert kind="warn">{t("outbox.queued")}</Alert>}
              <ErrorAlert error={order.error} />
              <button type="submit" class="block" disabled={order.busy || phone.length < 8}>
                {t("market.order")} · {rupiah(cartTotal(c))}
              </button>
            </form>
          )}
        </>
      )}
    </Page>
  );
}

function MyOrders() {
  const t = useT();
  const l = useLang();
  const sent = useStore(sentCount);
  const orders = useAsync(() => unwrap(api.marketplace.GET("/orders/mine", { params: { query: { limit: 50 } } })), [sent]);
  const act = useAction(async (id: string, what: "cancel" | "complete") => {
    if (what === "cancel") await unwrap(api.marketplace.POST("/orders/{order_id}/cancel", { params: { path: { order_id: id } }, body: { reason: "" } }));
    else await unwrap(api.marketplace.POST("/orders/{order_id}/complete", { params: { path: { order_id: id } } }));
    orders.reload();
  });
  return (
    <Page title={t("market.myOrders")} back="/pasar">
      {orders.loading && !orders.data && <Loading />}
      <ErrorAlert error={orders.error ?? act.error} onRetry={orders.reload} />
      {orders.data && orders.data.items.length === 0 && <p class="muted">{t("app.none")}</p>}
      <ul class="list">
        {(orders.data?.items ?? []).map((o) => (
          <li key={o.id}>
            <OrderHead order={o} />
            <p class="muted small">
              {formatDateTime(o.created_at, l)} · {rupiah(o.total)}
              {o.tracking_number ? ` · ${t("shop.tracking")}: ${o.tracking_number}` : ""}
            </p>
            <div class="actions">
              {o.status === "placed" && (
                <button type="button" class="secondary" onClick={() => void act.run(o.id, "cancel")} disabled={act.busy}>
                  {t("market.cancelOrder")}
                </button>
              )}
              {(o.status === "shipped" || o.status === "ready") && (
                <button type="button" onClick={() => void act.run(o.id, "complete")} disabled={act.busy}>
                  {t("market.received")}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}
