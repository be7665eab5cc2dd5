/** A tiny History-API router: path patterns like `/surat/:id`, links that do not reload the page. */
import { createStore, useStore } from "./store";

export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  if (typeof location === "undefined") return { path: "/", query: new URLSearchParams() };
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

export const route = createStore<Location>(current());

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  route.set(current());
  window.scrollTo(0, 0);
  // Move focus to the main heading so screen readers announce the new page.
  requestAnimationFrame(() => document.querySelector<HTMLElement>("main h1")?.focus());
}

if (typeof window !== "undefined") {
  window.addEventListener("popstate", () => route.set(current()));
  document.addEventListener("click", (e) => {
    const a = (e.target as HTMLElement | null)?.closest?.("a");
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const href = a.getAttribute("href");
    if (!href || !href.startsWith("/") || href.startsWith("/api/") || a.target || a.hasAttribute("download")) return;
    e.preventDefault();
    navigate(href);
  });
}

export function useRoute(): Location {
  return useStore(route);
}

/** Match `/surat/:id` against `/surat/42` -> {id: "42"}; null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(":")) params[seg.slice(1)] = decodeURIComponent(s[i]!);
    else if (seg !== s[i]) return null;
  }
  return params;
}
