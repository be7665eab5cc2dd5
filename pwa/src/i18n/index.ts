/**
 * A small typed dictionary: Bahasa Indonesia by default, English on request. No i18n library.
 * Indonesian is in the app's first download; English is a chunk of its own, fetched when someone chooses it
 * (or at start for someone who chose it before; the service worker keeps it for offline use).
 */
import { createStore, useStore } from "../lib/store";
import { storage } from "../lib/storage";
import { id, type Key } from "./id";

export type Lang = "id" | "en";
export type { Key };

let english: Record<Key, string> | null = null;

/** Make `l`'s dictionary available (English is fetched once); Indonesian is always there. */
export async function loadLang(l: Lang): Promise<void> {
  if (l === "en" && !english) english = (await import("./en")).en;
}

function initialLang(): Lang {
  return storage.get("balai.lang") === "en" ? "en" : "id";
}

export const lang = createStore<Lang>(initialLang());

export async function setLang(next: Lang): Promise<void> {
  await loadLang(next);
  storage.set("balai.lang", next);
  lang.set(next);
  if (typeof document !== "undefined") document.documentElement.lang = next;
}

/** `{name}` placeholders are filled from `vars`; a missing variable stays visible as `{name}`. */
export function translate(l: Lang, key: Key, vars?: Record<string, string | number>): string {
  const text = (l === "en" ? english?.[key] : id[key]) ?? id[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  return translate(lang.get(), key, vars);
}

/** Re-render on a language switch; returns the translate function. */
export function useT(): (key: Key, vars?: Record<string, string | number>) => string {
  const l = useStore(lang);
  return (key, vars) => translate(l, key, vars);
}

export function useLang(): Lang {
  return useStore(lang);
}

/** A key built at run time (a status from the server): falls back to the raw value when unknown. */
export function tDynamic(l: Lang, key: string, fallback: string): string {
  return key in id ? translate(l, key as Key) : fallback;
}
