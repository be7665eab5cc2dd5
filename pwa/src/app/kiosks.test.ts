import { describe, expect, it } from "vitest";
import { id } from "../i18n/id";
import { enrolmentRequest, KNOWN_IDS, kioskHealth, worst } from "./kiosks";

const healthy = {
  version: "0.1.0",
  readers: ["ACS ACR1252 Dual Reader PICC 00 00"],
  reader_error: null,
  a4_printer: { configured: true, ok: true, state: "idle", message_ids: [], messages: [] },
  ticket_printer: { configured: true, reachable: true },
  queue: { pending: 0, waiting_auth: 0, failed: 0 },
  queue_length: 0,
};

describe("kiosk health for the operator", () => {
  it("a healthy kiosk is all ticks", () => {
    const items = kioskHealth(healthy, true);
    expect(items.map((i) => i.key)).toEqual(["kioskHealth.readerOk", "kioskHealth.printerReady", "kioskHealth.ticketOk"]);
    expect(worst(items)).toBe("ok");
  });

  it("puts what needs doing first: paper, the reader, the queue", () => {
    const status = {
      ...healthy,
      readers: [],
      a4_printer: { configured: true, ok: false, state: "stopped", message_ids: ["printer.paper_out", "printer.ink_low"], messages: [] },
      queue: { pending: 2, waiting_auth: 1, failed: 1 },
      queue_length: 3,
    };
    const items = kioskHealth(status, true);
    expect(items.slice(0, 2).map((i) => i.key)).toEqual(["kioskHealth.readerMissing", "kioskHealth.printer.paper_out"]);
    expect(items.find((i) => i.key === "kioskHealth.queued")?.vars).toEqual({ n: 3 });
    expect(items.find((i) => i.key === "kioskHealth.printer.ink_low")?.level).toBe("warn");
    expect(worst(items)).toBe("bad");
  });

  it("says when a kiosk went silent or never reported", () => {
    expect(kioskHealth(healthy, false)[0]?.key).toBe("kioskHealth.silent");
    expect(kioskHealth({}, false)).toEqual([{ level: "warn", key: "kioskHealth.noReport" }]);
  });

  it("shows the gateway's own text for a message id it does not know, and has a text for every known one", () => {
    const status = { ...healthy, a4_printer: { configured: true, ok: false, message_ids: ["printer.new_thing"], messages: ["Printer baru rusak."] } };
    expect(kioskHealth(status, true)[0]).toEqual({ level: "bad", key: "kioskHealth.printer.error", fallback: "Printer baru rusak." });
    for (const known of KNOWN_IDS) expect(`kioskHealth.${known}` in id).toBe(true);
  });

  it("leaves out printers the kiosk does not have", () => {
    const status = { ...healthy, a4_printer: { configured: false }, ticket_printer: { configured: false, reachable: null } };
    expect(kioskHealth(status, true).map((i) => i.key)).toEqual(["kioskHealth.readerOk"]);
  });
});

describe("enrolling a kiosk", () => {
  const key = "q8Gm3Vd0bWJ1cnRvbi1rZXktMzItYnl0ZXMtbG9uZy1hYmM";
  it("reads the enroll-info QR's text into name and key", () => {
    expect(enrolmentRequest(` {"name":"Anjungan balai-desa","public_key":"${key}"} `)).toEqual({ name: "Anjungan balai-desa", public_key: key });
  });
  it("takes a bare key as it is, and keeps text that only looks like JSON", () => {
    expect(enrolmentRequest(` ${key}\n`)).toEqual({ public_key: key });
    expect(enrolmentRequest("{not json")).toEqual({ public_key: "{not json" });
    expect(enrolmentRequest('{"name":"x"}')).toEqual({ public_key: '{"name":"x"}' });
  });
});
