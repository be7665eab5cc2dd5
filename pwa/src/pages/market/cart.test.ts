import { beforeEach, describe, expect, it } from "vitest";
import { addToCart, cart, cartTotal, clearCart, setQuantity } from "./cart";

const line = (id: string, price = 10_000, stock = 5) => ({ product_id: id, title: id, unit: "kg", price, stock });

beforeEach(clearCart);

describe("cart", () => {
  it("adds, caps at stock and totals", () => {
    addToCart({ id: "s1", name: "Lapak" }, line("a"), 2);
    addToCart({ id: "s1", name: "Lapak" }, line("a"), 10);
    addToCart({ id: "s1", name: "Lapak" }, line("b", 2_500), 1);
    expect(cart.get().lines.map((l) => l.quantity)).toEqual([5, 1]);
    expect(cartTotal(cart.get())).toBe(52_500);
  });
  it("keeps one shop per order", () => {
    addToCart({ id: "s1", name: "A" }, line("a"));
    expect(addToCart({ id: "s2", name: "B" }, line("b"))).toBe(true);
    expect(cart.get()).toMatchObject({ shop_id: "s2", lines: [{ product_id: "b" }] });
  });
  it("removes a line at zero", () => {
    addToCart({ id: "s1", name: "A" }, line("a"));
    setQuantity("a", 0);
    expect(cart.get().lines).toEqual([]);
    expect(cart.get().shop_id).toBeNull();
  });
});
