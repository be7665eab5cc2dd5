/** The last synced copy of a person's own data (letters, aid), readable offline. Keyed by subject. */
import { idb } from "./db";

export interface Cached<T> {
  key: string;
  data: T;
  savedAt: number;
}

export async function saveCached<T>(owner: string, name: string, data: T): Promise<void> {
  try {
    await idb.put<Cached<T>>("cache", { key: `${owner}:${name}`, data, savedAt: Date.now() });
  } catch {
    /* no IndexedDB (private mode): nothing to keep */
  }
}

export async function loadCached<T>(owner: string, name: string): Promise<Cached<T> | null> {
  try {
    return (await idb.get<Cached<T>>("cache", `${owner}:${name}`)) ?? null;
  } catch {
    return null;
  }
}

export async function clearCache(): Promise<void> {
  try {
    await idb.clear("cache");
  } catch {
    /* nothing */
  }
}
