import { describe, expect, it } from "vitest";
import type { components } from "../api/generated/letters";
import { letterRequestOf, toLetterRequest, toLetterTypes } from "./letters";
import { asMyAid } from "../api/shapes";
import { asForm, asIs } from "../api/client";

type Schemas = components["schemas"];

const summary: Schemas["RequestSummaryOut"] = {
  id: "0190f3a0-0000-7000-8000-000000000001",
  village: "33.17.09.2016",
  resident_id: "5d1c2f0e-0000-4000-8000-000000000002",
  type_code: "domisili",
  type_title: "",
  state: "returned",
  channel: "pwa",
  created_at: "2026-11-23T14:00:00+00:00",
  updated_at: "2026-11-23T15:00:00+00:00",
};

const detail: Schemas["RequestOut"] = {
  ...summary,
  type_title: "Surat Keterangan Domisili",
  state: "issued",
  fields: { keperluan: "Melamar pekerjaan", jumlah: 2, catatan: null },
  resubmissions: 1,
  attachments: [
    { id: "a1", kind: "pengantar_rt_rw", content_type: "image/png", size: 10, sha256: "x", created_at: "2026-11-23T14:00:00+00:00" },
  ],
  history: [
    { action: "submit", state: "submitted", actor_role: "resident", actor: "r", reason: null, at: "2026-11-23T14:00:00+00:00" },
    { action: "return", state: "returned", actor_role: "operator", actor: "o", reason: "Foto buram", at: "2026-11-23T14:10:00+00:00" },
    { action: "resubmit", state: "submitted", actor_role: "resident", actor: "r", reason: null, at: "2026-11-23T14:20:00+00:00" },
    { action: "issue", state: "issued", actor_role: "system", actor: "system", reason: null, at: "2026-11-23T14:30:00+00:00" },
  ],
  letter: {
    number: "470/012/33.17.09.2016/XI/2026",
    issued_on: "2026-11-23",
    valid_until: null,
    signer_name: "H. Sutrisno",
    signer_position: "Kepala Desa",
    signer_on_behalf_of: null,
    pdf_ready: true,
    pdf_sha256: "y",
    revoked_at: null,
    revocation_reason: null,
  },
  pdf_url: "/api/letters/requests/0190f3a0-0000-7000-8000-000000000001/pdf",
};

describe("letter requests as the screens read them", () => {
  it("takes a list item as it is, with no letter yet", () => {
    const r = letterRequestOf(summary);
    expect(r).toMatchObject({ id: summary.id, status: "returned", type_title: "domisili", fields: {}, number: null, pdf_ready: false });
    expect(r.history).toBeUndefined();
    expect(r.attachments).toBeUndefined();
  });
  it("reads a detail's letter, history, last reason and documents", () => {
    const r = letterRequestOf(detail);
    expect(r).toMatchObject({ status: "issued", type_title: "Surat Keterangan Domisili", number: detail.letter?.number, pdf_ready: true });
    expect(r.fields).toEqual(detail.fields);
    expect(r.reason).toBe("Foto buram");
    expect(r.history?.map((h) => [h.action, h.status, h.by])).toEqual([
      ["submit", "submitted", "resident"],
      ["return", "returned", "operator"],
      ["resubmit", "submitted", "resident"],
      ["issue", "issued", "system"],
    ]);
    expect(r.history?.[1]?.note).toBe("Foto buram");
    expect(r.attachments).toEqual([{ id: "a1", kind: "pengantar_rt_rw" }]);
  });
});

describe("answers relayed by the kiosk bridge (no generated type)", () => {
  it("maps a relayed request like the service's own, and refuses what is not one", () => {
    expect(toLetterRequest({ ...summary })).toEqual(letterRequestOf(summary));
    expect(toLetterRequest(JSON.parse(JSON.stringify(detail)))).toEqual(letterRequestOf(detail));
    expect(toLetterRequest({ id: "x", state: "submitted" })).toMatchObject({ id: "x", status: "submitted", village: "", type_title: "" });
    expect(() => toLetterRequest({ state: "submitted" })).toThrow();
    expect(() => toLetterRequest(null)).toThrow();
  });
  it("keeps the letter types a resident may ask for, and checks the aid answer", () => {
    const types = [{ code: "domisili", title: "Domisili", fields: [], enabled: true }, { code: "lama", title: "Lama", fields: [], enabled: false }];
    expect(toLetterTypes(types).map((t) => t.code)).toEqual(["domisili"]);
    expect(() => toLetterTypes({ items: types })).toThrow();
    expect(asMyAid({ resident_id: "r", family_members: 0, enrolments: [] }).enrolments).toEqual([]);
    expect(() => asMyAid({ detail: "x" })).toThrow();
  });
});

describe("file bodies", () => {
  it("sends a raw file as it is and a form body field by field", () => {
    const file = new Blob(["a;b\n1;2\n"], { type: "text/csv" });
    expect(asIs(file)).toBe(file);
    const form = asForm({ file });
    expect(form.get("file")).toBeInstanceOf(Blob);
    expect([...form.keys()]).toEqual(["file"]);
  });
});
