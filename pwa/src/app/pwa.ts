/** Service worker registration and the "new version" prompt. */
import { registerSW } from "virtual:pwa-register";
import { createStore } from "../lib/store";

export const updateReady = createStore(false);
export const offlineReady = createStore(false);
let update: ((reload?: boolean) => Promise<void>) | null = null;

export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) return;
  update = registerSW({
    immediate: true,
    onNeedRefresh: () => updateReady.set(true),
    onOfflineReady: () => {
      offlineReady.set(true);
      setTimeout(() => offlineReady.set(false), 8000);
    },
    onRegisteredSW: (_url, reg) => {
      // Look for a new version every hour while the app stays open (kiosks run for days).
      if (reg) setInterval(() => void reg.update().catch(() => undefined), 3600_000);
    },
  });
}

export function applyUpdate(): void {
  updateReady.set(false);
  void update?.(true);
}
