import { describe, expect, it } from "vitest";
import { en } from "./en";
import { id } from "./id";
import { lang, loadLang, setLang, t, tDynamic, translate } from "./index";

describe("dictionaries", () => {
  it("have the same keys and no empty text", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    for (const [k, v] of [...Object.entries(id), ...Object.entries(en)]) expect(v.trim(), k).not.toBe("");
  });
  it("use the same placeholders in both languages", () => {
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(id) as (keyof typeof id)[]) expect(vars(en[k]), k).toEqual(vars(id[k]));
  });
});

describe("translate", () => {
  it("defaults to Bahasa Indonesia", () => {
    expect(lang.get()).toBe("id");
    expect(t("login.submit")).toBe("Masuk");
  });
  it("speaks Indonesian until the English dictionary has arrived", async () => {
    expect(translate("en", "login.submit")).toBe("Masuk");
    await loadLang("en");
    expect(translate("en", "login.submit")).toBe("Sign in");
  });
  it("fills placeholders and leaves unknown ones visible", async () => {
    await loadLang("en");
    expect(translate("id", "home.hello", { name: "Siti" })).toBe("Halo, Siti");
    expect(translate("en", "home.hello", { name: "Siti" })).toBe("Hello, Siti");
    expect(translate("id", "home.hello")).toBe("Halo, {name}");
    expect(translate("id", "console.pinShown", { name: "A" })).toContain("{pin}");
  });
  it("switches language", async () => {
    await setLang("en");
    expect(t("login.submit")).toBe("Sign in");
    await setLang("id");
    expect(t("login.submit")).toBe("Masuk");
  });
  it("translates server values it knows and passes others through", () => {
    expect(tDynamic("id", "letters.status.signed", "signed")).toBe("Ditandatangani");
    expect(tDynamic("en", "letters.status.mystery", "mystery")).toBe("mystery");
  });
});
