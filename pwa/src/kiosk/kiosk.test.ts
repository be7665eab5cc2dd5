import { describe, expect, it } from "vitest";
import { parseBridgeEvent, toLettersAtKiosk, toLoginOutcome } from "./bridge";
import { KioskController, weakPin, type Timers } from "./controller";
import { FakeBridge } from "./fake";

function fakeTimers() {
  const pending = new Map<number, () => void>();
  let id = 0;
  const timers: Timers = {
    set: (fn) => {
      pending.set(++id, fn);
      return id;
    },
    clear: (h) => pending.delete(h as number),
  };
  return { timers, fire: () => [...pending.values()].forEach((fn) => fn()), count: () => pending.size };
}

const session = { expires_in: 300, idle_timeout_s: 60, resident_name: "Siti" };

describe("bridge wire format", () => {
  it("parses the documented events", () => {
    expect(parseBridgeEvent('{"type":"card.presented","uid":"04A23B12"}')).toEqual({ type: "card.presented", uid: "04A23B12" });
    expect(parseBridgeEvent('{"type":"card.removed"}')).toEqual({ type: "card.removed" });
    expect(parseBridgeEvent('{"type":"reader.error","message":"Kartu terangkat."}')).toEqual({
      type: "reader.error",
      message: "Kartu terangkat.",
    });
    expect(parseBridgeEvent('{"type":"print.status","job_id":"7","state":"done","final":true}')).toEqual({
      type: "print.status",
      job_id: "7",
      state: "done",
      final: true,
    });
  });
  it("parses the gateway's session and link events", () => {
    const hello = '{"type":"hello","version":"0.1.0","centre":"offline","enrolled":true,"card":{"present":false,"uid":null},"session":{"active":false},"idle_timeout_s":60}';
    expect(parseBridgeEvent(hello)).toEqual({ type: "hello", centre: "offline", enrolled: true, session_active: false });
    expect(parseBridgeEvent('{"type":"centre.offline"}')).toEqual({ type: "centre.offline" });
    expect(parseBridgeEvent('{"type":"centre.online"}')).toEqual({ type: "centre.online" });
    expect(parseBridgeEvent('{"type":"session.ended","reason":"idle"}')).toEqual({ type: "session.ended", reason: "idle" });
    expect(parseBridgeEvent('{"type":"session.ended","reason":"bored"}')).toBeNull();
    expect(parseBridgeEvent('{"type":"request.updated","local_id":"q1","status":"sent","request":{}}')).toEqual({
      type: "request.updated",
      local_id: "q1",
      status: "sent",
    });
  });
  it("reads the gateway's answers", () => {
    expect(toLoginOutcome({ status: "must_change_pin" })).toEqual({ status: "must_change_pin" });
    expect(toLoginOutcome({ status: "active", expires_in: 300, idle_timeout_s: 60, resident_name: null })).toEqual({
      status: "active",
      expires_in: 300,
      idle_timeout_s: 60,
      resident_name: null,
    });
    expect(() => toLoginOutcome(undefined)).toThrow();
    const letters = toLettersAtKiosk({
      centre_online: false,
      items: [],
      queued: [
        { local_id: "q1", letter_type: "domisili", status: "pending", created_at: "2026-11-23T10:00:00+07:00", attempts: 2, error: null, request: null },
        { local_id: "q0", letter_type: "sku", status: "sent", created_at: "2026-11-23T09:00:00+07:00", attempts: 1, error: null, request: {} },
      ],
    });
    expect(letters.centre_online).toBe(false);
    expect(letters.queued.map((q) => q.local_id)).toEqual(["q1"]); // a sent one is in the centre's list
  });
  it("ignores unknown or broken frames", () => {
    expect(parseBridgeEvent("not json")).toBeNull();
    expect(parseBridgeEvent('{"type":"card.presented"}')).toBeNull();
    expect(parseBridgeEvent('{"type":"future.thing"}')).toBeNull();
    expect(parseBridgeEvent('{"type":"print.status","job_id":"1","state":"exploded"}')).toBeNull();
  });
});

describe("KioskController", () => {
  it("asks for the PIN when a card is presented and logs in through the bridge", async () => {
    const bridge = new FakeBridge([{ uid: "04A23B12", pin: "135790", session }]);
    const k = new KioskController(bridge, fakeTimers().timers);
    k.start();
    bridge.present("04A23B12");
    expect(k.view.get()).toEqual({ step: "pin", uid: "04A23B12" });
    await k.submitPin("000000");
    expect(k.view.get()).toMatchObject({ step: "pin", error: "NIK atau PIN salah." });
    await k.submitPin("135790");
    expect(k.view.get()).toEqual({ step: "session", uid: "04A23B12", session });
  });

  it("a first login asks for a new PIN twice, refusing weak or different ones", async () => {
    const bridge = new FakeBridge([{ uid: "A1", pin: "482915", session, mustChangePin: true }]);
    const k = new KioskController(bridge, fakeTimers().timers);
    k.start();
    bridge.present("A1");
    await k.submitPin("482915");
    expect(k.view.get()).toEqual({ step: "newpin", uid: "A1" });
    await k.submitNewPin("111111");
    expect(k.view.get()).toEqual({ step: "newpin", uid: "A1", error: "weak" });
    await k.submitNewPin("604817");
    await k.submitNewPin("604818");
    expect(k.view.get()).toEqual({ step: "newpin", uid: "A1", error: "mismatch" });
    await k.submitNewPin("604817");
    await k.submitNewPin("604817");
    expect(k.view.get()).toEqual({ step: "session", uid: "A1", session });
    expect(bridge.loggedIn?.pin).toBe("604817");
  });

  it("the gateway ending the session (idle, expired) wipes the screen without another logout", async () => {
    const bridge = new FakeBridge([{ uid: "A1", pin: "135790", session }]);
    const k = new KioskController(bridge, fakeTimers().timers);
    k.start();
    bridge.typed("A1");
    await k.submitPin("135790");
    let logouts = 0;
    bridge.logout = async () => void logouts++;
    const gen = k.generation.get();
    bridge.endSession("expired");
    expect(k.view.get()).toEqual({ step: "tap", notice: "expired" });
    expect(k.generation.get()).toBe(gen + 1);
    expect(logouts).toBe(0);
  });

  it("follows the centre link and tells the gateway about touches", async () => {
    const bridge = new FakeBridge([{ uid: "A1", pin: "135790", session }]);
    const k = new KioskController(bridge, fakeTimers().timers);
    k.start();
    expect(k.centreOnline.get()).toBe(true);
    bridge.setCentre(false);
    expect(k.centreOnline.get()).toBe(false);
    k.touch();
    expect(bridge.activities).toHaveLength(0); // nobody at the kiosk: nothing to keep alive
    bridge.present("A1");
    await k.submitPin("135790");
    k.touch();
    expect(bridge.activities.length).toBeGreaterThan(0);
  });

  it("ends the session and forgets everything when the card is removed", async () => {
    const bridge = new FakeBridge([{ uid: "A1", pin: "135790", session }]);
    const k = new KioskController(bridge, fakeTimers().timers);
    k.start();
    bridge.present("A1");
    await k.submitPin("135790");
    const gen = k.generation.get();
    bridge.remove();
    expect(k.view.get()).toEqual({ step: "tap", notice: "removed" });
    expect(k.generation.get()).toBe(gen + 1);
    await Promise.resolve();
    expect(bridge.loggedIn).toBeNull();
  });

  it("ends the session after the idle timeout, and a touch restarts the timer", async () => {
    const t = fakeTimers();
    const bridge = new FakeBridge([{ uid: "A1", pin: "135790", session }]);
    const k = new KioskController(bridge, t.timers);
    k.start();
    bridge.present("A1");
    await k.submitPin("135790");
    k.touch();
    expect(t.count()).toBe(1); // one timer at a time
    t.fire();
    expect(k.view.get()).toEqual({ step: "tap", notice: "idle" });
  });

  it("shows reader errors while waiting and ignores a late login after the card left", async () => {
    let release: () => void = () => {};
    const bridge = new FakeBridge([{ uid: "A1", pin: "135790", session }]);
    bridge.login = () => new Promise((ok) => (release = () => ok({ status: "active", ...session })));
    const k = new KioskController(bridge, fakeTimers().timers);
    k.start();
    bridge.emit({ type: "reader.error", message: "Kartu tidak dikenal." });
    expect(k.view.get()).toEqual({ step: "tap", notice: "reader", message: "Kartu tidak dikenal." });
    bridge.present("A1");
    const p = k.submitPin("135790");
    bridge.remove();
    release();
    await p;
    expect(k.view.get().step).toBe("tap");
  });

  it("a different card replaces the session", async () => {
    const bridge = new FakeBridge([{ uid: "A1", pin: "135790", session }]);
    const k = new KioskController(bridge, fakeTimers().timers);
    k.start();
    bridge.present("A1");
    await k.submitPin("135790");
    bridge.present("B2");
    expect(k.view.get()).toEqual({ step: "pin", uid: "B2" });
  });
});

describe("new PINs", () => {
  it("refuses repeated and consecutive digits", () => {
    expect(weakPin("000000")).toBe(true);
    expect(weakPin("123456")).toBe(true);
    expect(weakPin("654321")).toBe(true);
    expect(weakPin("604817")).toBe(false);
  });
});

describe("keyboard-style card readers", () => {
  it("a typed card number starts the PIN step like a presented card", () => {
    const bridge = new FakeBridge();
    const k = new KioskController(bridge, fakeTimers().timers);
    k.start();
    bridge.typed("0012345678");
    expect(k.view.get()).toEqual({ step: "pin", uid: "0012345678" });
  });
});
