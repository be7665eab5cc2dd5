/** The cart: one shop at a time (the marketplace takes one order per shop), kept in localStorage. */
import { createStore } from "../../lib/store";
import { storage } from "../../lib/storage";

export interface CartLine {
  product_id: string;
  title: string;
  unit: string;
  price: number;
  quantity: number;
  stock: number;
}

export interface Cart {
  shop_id: string | null;
  shop_name: string;
  lines: CartLine[];
}

const KEY = "balai.cart";
const empty: Cart = { shop_id: null, shop_name: "", lines: [] };

function read(): Cart {
  try {
    const c = JSON.parse(storage.get(KEY) ?? "null") as Cart | null;
    return c && Array.isArray(c.lines) ? c : empty;
  } catch {
    return empty;
  }
}

export const cart = createStore<Cart>(read());
cart.subscribe((c) => storage.set(KEY, JSON.stringify(c)));

/** Add to the cart; returns true when items of another shop had to be dropped. */
export function addToCart(shop: { id: string; name: string }, line: Omit<CartLine, "quantity">, quantity = 1): boolean {
  const c = cart.get();
  const switched = c.shop_id !== null && c.shop_id !== shop.id && c.lines.length > 0;
  const lines = switched ? [] : [...c.lines];
  const at = lines.findIndex((l) => l.product_id === line.product_id);
  if (at >= 0) lines[at] = { ...lines[at]!, quantity: Math.min(line.stock, lines[at]!.quantity + quantity) };
  else lines.push({ ...line, quantity: Math.min(line.stock, quantity) });
  cart.set({ shop_id: shop.id, shop_name: shop.name, lines });
  return switched;
}

export function setQuantity(productId: string, quantity: number): void {
  const c = cart.get();
  const lines = c.lines
    .map((l) => (l.product_id === productId ? { ...l, quantity: Math.max(0, Math.min(l.stock, quantity)) } : l))
    .filter((l) => l.quantity > 0);
  cart.set(lines.length ? { ...c, lines } : empty);
}

export function clearCart(): void {
  cart.set(empty);
}

export function cartTotal(c: Cart): number {
  return c.lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
}
