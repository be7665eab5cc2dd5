/**
 * Read-through cache for the resident's own data: load from the network, keep a copy in IndexedDB,
 * and show the copy (with its time) when the network is not there.
 */
import { useEffect, useState } from "preact/hooks";
import { loadCached, saveCached } from "../offline/cache";
import { useStore } from "../lib/store";
import { claims, sentCount } from "./state";

export interface Synced<T> {
  data: T | undefined;
  savedAt: number | null;
  fromCache: boolean;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * `owner` keys the copy: the signed-in person by default (their own data); a fixed owner such as "public"
 * for data anyone may read (a village's notices), kept for visitors too; `null` loads nothing yet.
 */
export function useSynced<T>(name: string, load: () => Promise<T>, owner?: string | null): Synced<T> {
  const who = useStore(claims);
  const keyOwner = owner === undefined ? who?.sub : owner;
  const sent = useStore(sentCount);
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<Omit<Synced<T>, "reload">>({
    data: undefined,
    savedAt: null,
    fromCache: false,
    error: null,
    loading: true,
  });
  useEffect(() => {
    const owner = keyOwner;
    if (!owner) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void loadCached<T>(owner, name).then((c) => {
      if (live && c) setState((s) => (s.data === undefined ? { ...s, data: c.data, savedAt: c.savedAt, fromCache: true } : s));
    });
    load().then(
      (data) => {
        if (!live) return;
        setState({ data, savedAt: Date.now(), fromCache: false, error: null, loading: false });
        void saveCached(owner, name, data);
      },
      (error: unknown) => live && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [keyOwner, name, sent, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}
