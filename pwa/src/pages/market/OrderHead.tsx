/** An order's first line, the same for the buyer (my orders) and the seller (incoming orders). */
import type { components } from "../../api/generated/marketplace";
import { tDynamic, useLang } from "../../i18n";
import { Pill } from "../../ui/components";

export type OrderOut = components["schemas"]["OrderOut"];

export function orderKind(status: string): "" | "ok" | "warn" | "bad" | "info" {
  return status === "completed" ? "ok" : status === "cancelled" ? "bad" : status === "placed" ? "warn" : "info";
}

/** "2× Keripik tempe, 1× Gula aren" with the order's status. */
export function OrderHead({ order }: { order: OrderOut }) {
  const l = useLang();
  return (
    <div class="row-head">
      <strong>{order.items.map((i) => `${i.quantity}× ${i.title}`).join(", ")}</strong>
      <Pill kind={orderKind(order.status)}>{tDynamic(l, `order.status.${order.status}`, order.status_label)}</Pill>
    </div>
  );
}
