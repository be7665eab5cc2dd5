/** A very small promise wrapper over IndexedDB: two object stores, `outbox` and `cache`. */
const DB_NAME = "balai";
const VERSION = 1;
export type StoreName = "outbox" | "cache";

let opening: Promise<IDBDatabase> | null = null;

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export function openDb(factory: IDBFactory = indexedDB): Promise<IDBDatabase> {
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    const r = factory.open(DB_NAME, VERSION);
    r.onupgradeneeded = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "id" });
      if (!db.objectStoreNames.contains("cache")) db.createObjectStore("cache", { keyPath: "key" });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => {
      opening = null;
      reject(r.error);
    };
  });
  return opening;
}

/** For tests: forget the open connection. */
export function resetDb(): void {
  void opening?.then((db) => db.close());
  opening = null;
}

async function tx<T>(store: StoreName, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  const t = db.transaction(store, mode);
  const result = await req(fn(t.objectStore(store)));
  await new Promise<void>((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
  return result;
}

export const idb = {
  get: <T>(store: StoreName, key: string) => tx<T | undefined>(store, "readonly", (s) => s.get(key)),
  all: <T>(store: StoreName) => tx<T[]>(store, "readonly", (s) => s.getAll()),
  put: <T>(store: StoreName, value: T) => tx(store, "readwrite", (s) => s.put(value)).then(() => undefined),
  delete: (store: StoreName, key: string) => tx(store, "readwrite", (s) => s.delete(key)).then(() => undefined),
  clear: (store: StoreName) => tx(store, "readwrite", (s) => s.clear()).then(() => undefined),
};
