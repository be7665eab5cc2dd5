import { render } from "preact";
import { App } from "./app";
import { startSync } from "./app/state";
import { lang, loadLang } from "./i18n";
import { registerServiceWorker } from "./app/pwa";
import "./styles.css";

document.documentElement.lang = lang.get();
const root = document.getElementById("app")!;
// English, if this person chose it, before the first screen (Indonesian needs nothing fetched)
void loadLang(lang.get())
  .catch(() => undefined) // offline before the chunk was ever fetched: Indonesian until it can be
  .then(() => {
    root.textContent = ""; // the "Memuat Balai…" placeholder
    render(<App />, root);
  });
startSync();
registerServiceWorker();
