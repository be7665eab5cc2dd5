import { render } from "preact";
import { App } from "./app";
import { startSync } from "./app/state";
import { lang } from "./i18n";
import { registerServiceWorker } from "./app/pwa";
import "./styles.css";

document.documentElement.lang = lang.get();
const root = document.getElementById("app")!;
root.textContent = ""; // the "Memuat Balai…" placeholder
render(<App />, root);
startSync();
registerServiceWorker();
