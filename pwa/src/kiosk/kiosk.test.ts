import { describe, expect, it } from "vitest";
import { parseBridgeEvent } from "./bridge";
import { KioskController, type Timers } from "./controller";
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

const session = { access_token: "tok", expires_in: 600, resident_name: "Siti" };

describe("bridge wire format", () => {
  it("parses the documented events", () => {
    expect(parseBridgeEvent('{"type":"card.presented","uid":"04A23B12"}')).toEqual({ type: "card.presented", uid: "04A23B12" });
    expect(parseBridgeEvent('{"type":"card.removed"}')).toEqual({ type: "card.removed" });
    expect(parseBridgeEvent('{"type":"reader.error","message":"Kartu terangkat."}')).toEqual({
      type: "reader.error",
      message: "Kartu terangkat.",
    });
    expect(parseBridgeEvent('{"type":"print.status","job_id":"7","state":"done"}')).toEqual({
      type: "print.status",
      job_id: "7",
      state: "done",
    });
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
    expect(bridge.loggedIn).toBe(false);
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
    bridge.login = () => new Promise((ok) => (release = () => ok(session)));
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

describe("keyboard-style card readers", () => {
  it("a typed card number starts the PIN step like a presented card", () => {
    const bridge = new FakeBridge();
    const k = new KioskController(bridge, fakeTimers().timers);
    k.start();
    bridge.typed("0012345678");
    expect(k.view.get()).toEqual({ step: "pin", uid: "0012345678" });
  });
});
