import { describe, expect, it } from "vitest";
import { match } from "./router";

describe("match", () => {
  it("matches fixed and parameter segments", () => {
    expect(match("/surat/:id", "/surat/42")).toEqual({ id: "42" });
    expect(match("/surat/baru", "/surat/baru")).toEqual({});
    expect(match("/surat/:id", "/surat")).toBeNull();
    expect(match("/", "/")).toEqual({});
    expect(match("/pasar/produk/:id", "/pasar/produk/a%20b")).toEqual({ id: "a b" });
  });
});
