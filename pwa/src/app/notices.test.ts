import { describe, expect, it } from "vitest";
import { makeClients } from "../api/client";
import { Session } from "../auth/session";
import { ProblemError, toProblem } from "../api/problem";
import {
  boardOrder,
  categoryKind,
  categoryLabel,
  excerpt,
  noticeHref,
  noticesClient,
  noticeState,
  paragraphs,
  stillShown,
  type Notice,
  type StaffNotice,
} from "./notices";
import { draftIssues, draftOf, emptyDraft, issuesByField, toNoticeIn, toPatch, type Draft } from "./noticeform";

const TODAY = "2026-11-24";

function notice(over: Partial<Notice> = {}): Notice {
  return {
    id: "01a208f0-f4a2-75c2-9828-014b76869483",
    village_code: "33.17.09.2016",
    title: "Pencairan BLT-DD tahap 3 tanggal 5 Desember di balai desa",
    body: "Penerima BLT Dana Desa dimohon hadir.\n\nBawa e-KTP dan KK asli.",
    category: "bantuan",
    category_label: "Bantuan sosial",
    category_label_en: "Social aid",
    pinned: false,
    published_at: "2026-11-24T01:30:00Z",
    expires_on: null,
    author_role: "operator",
    updated_at: "2026-11-24T01:30:00Z",
    ...over,
  };
}

function staff(over: Partial<StaffNotice> = {}): StaffNotice {
  return {
    ...notice(),
    author_id: "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d1e",
    author_name: "Sri Wahyuni",
    archived: false,
    archived_at: null,
    active: true,
    expired: false,
    created_at: "2026-11-24T01:30:00Z",
    ...over,
  };
}

describe("the board", () => {
  it("orders pinned first, then newest, then the newest id", () => {
    const list = [
      notice({ id: "a", title: "older", published_at: "2026-11-20T00:00:00Z" }),
      notice({ id: "b", title: "pinned old", pinned: true, published_at: "2026-11-01T00:00:00Z" }),
      notice({ id: "c", title: "newest", published_at: "2026-11-24T00:00:00Z" }),
      notice({ id: "d", title: "same moment, later id", published_at: "2026-11-24T00:00:00Z" }),
    ];
    expect(boardOrder(list).map((n) => n.title)).toEqual(["pinned old", "same moment, later id", "newest", "older"]);
    expect(list[0]!.title).toBe("older"); // a copy is sorted, not the cached list
  });
  it("drops notices whose last day has passed from an old offline copy", () => {
    const list = [notice({ id: "x", expires_on: "2026-11-23" }), notice({ id: "y", expires_on: TODAY }), notice({ id: "z" })];
    expect(stillShown(list, TODAY).map((n) => n.id)).toEqual(["y", "z"]);
  });
  it("links a notice by its compact village code", () => {
    expect(noticeHref(notice())).toBe("/pengumuman/3317092016/01a208f0-f4a2-75c2-9828-014b76869483");
  });
  it("labels and colours categories", () => {
    expect(categoryLabel(notice(), "id")).toBe("Bantuan sosial");
    expect(categoryLabel(notice(), "en")).toBe("Social aid");
    expect(categoryKind("bantuan")).toBe("ok");
    expect(categoryKind("keamanan")).toBe("bad");
    expect(categoryKind("umum")).toBe("");
    expect(categoryKind("something-new")).toBe("");
  });
  it("tells the console's three states apart", () => {
    expect(noticeState(staff())).toBe("active");
    expect(noticeState(staff({ expired: true, active: false }))).toBe("expired");
    expect(noticeState(staff({ archived: true, expired: true }))).toBe("archived");
  });
});

describe("plain text", () => {
  it("splits paragraphs on blank lines and keeps single line breaks inside", () => {
    expect(paragraphs("Satu\nbaris dua\r\n\r\n  Tiga  \n \n\n\nEmpat")).toEqual(["Satu\nbaris dua", "Tiga", "Empat"]);
    expect(paragraphs("  \n ")).toEqual([]);
  });
  it("never turns markup into elements: it is just text in the paragraphs", () => {
    expect(paragraphs("<b>tebal</b>")).toEqual(["<b>tebal</b>"]);
  });
  it("cuts an excerpt at a word boundary", () => {
    expect(excerpt("Bawa   e-KTP\n dan KK.", 50)).toBe("Bawa e-KTP dan KK.");
    const long = "Penerima BLT Dana Desa tahap tiga dimohon hadir di balai desa pukul delapan pagi";
    const cut = excerpt(long, 40);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(cut).not.toMatch(/\s…$/);
  });
});

describe("the console's form", () => {
  const ok: Draft = { title: "Posyandu balita Kamis", body: "Bawa buku KIA.", category: "kesehatan", pinned: false, expires_on: "" };
  it("accepts a plain notice, with an expiry of today or later", () => {
    expect(draftIssues(ok, TODAY)).toEqual([]);
    expect(draftIssues({ ...ok, expires_on: TODAY }, TODAY)).toEqual([]);
    expect(draftIssues({ ...ok, body: "Usia <5 tahun & ibu hamil; x<y dan y>z" }, TODAY)).toEqual([]);
  });
  it("flags what the service would refuse, by field", () => {
    const bad: Draft = { title: "  ", body: "NIK 3317094501900001 <b>hadir</b>", category: "", pinned: false, expires_on: "2026-11-23" };
    expect(draftIssues(bad, TODAY)).toEqual([
      { field: "title", key: "notices.err.required" },
      { field: "body", key: "notices.err.html" },
      { field: "body", key: "notices.err.personalNumber" },
      { field: "category", key: "notices.err.required" },
      { field: "expires_on", key: "notices.err.past" },
    ]);
    expect(draftIssues({ ...ok, title: "x".repeat(121) }, TODAY)).toEqual([{ field: "title", key: "notices.err.tooLong" }]);
    expect(draftIssues({ ...ok, title: ` ${"x".repeat(120)}  ` }, TODAY)).toEqual([]);
    expect(draftIssues({ ...ok, body: "y".repeat(4001) }, TODAY)).toEqual([{ field: "body", key: "notices.err.tooLong" }]);
    expect(draftIssues({ ...ok, body: "Kerja&nbsp;bakti" }, TODAY)).toEqual([{ field: "body", key: "notices.err.html" }]);
    expect(draftIssues({ ...ok, body: "Telepon kantor 081234567890" }, TODAY)).toEqual([]);
  });
  it("sends a new notice with an empty expiry as none", () => {
    expect(toNoticeIn({ ...ok, pinned: true })).toEqual({
      title: "Posyandu balita Kamis",
      body: "Bawa buku KIA.",
      category: "kesehatan",
      pinned: true,
      expires_on: null,
    });
    expect(emptyDraft().category).toBe("umum");
  });
  it("patches only what changed", () => {
    const original = staff({ expires_on: "2026-12-05" });
    const draft = draftOf(original);
    expect(toPatch(original, draft)).toEqual({});
    expect(toPatch(original, { ...draft, title: "Judul baru", pinned: true })).toEqual({ title: "Judul baru", pinned: true });
    expect(toPatch(original, { ...draft, expires_on: "" })).toEqual({ expires_on: null });
    expect(toPatch(staff(), { ...draftOf(staff()), expires_on: "2026-12-31", category: "umum" })).toEqual({
      expires_on: "2026-12-31",
      category: "umum",
    });
  });
  it("puts the service's 422 issues next to their fields", () => {
    const error = new ProblemError(
      toProblem(422, {
        code: "notice_invalid",
        detail: "Pengumuman belum dapat disimpan: …",
        issues: [
          { code: "title.too_long", field: "title", message: "Judul paling panjang 120 karakter (sekarang 130)." },
          { code: "body.html", field: "body", message: "Isi pengumuman ditulis sebagai teks biasa." },
          { code: "body.personal_number", field: "body", message: "Ada NIK." },
          "nonsense",
        ],
      }),
    );
    expect(issuesByField(error)).toEqual({
      title: "Judul paling panjang 120 karakter (sekarang 130).",
      body: "Isi pengumuman ditulis sebagai teks biasa. Ada NIK.",
    });
    expect(issuesByField(new Error("network"))).toEqual({});
    expect(issuesByField(new ProblemError(toProblem(500, {})))).toEqual({});
  });
});

describe("the API calls", () => {
  it("reads the public board by compact code and publishes with the Idempotency-Key", async () => {
    const seen: Request[] = [];
    const fake = async (input: Request) => {
      seen.push(input);
      const body = input.method === "GET" ? { items: [], total: 0, limit: 20, offset: 0, next_offset: null } : staff();
      return new Response(JSON.stringify(body), { status: input.method === "GET" ? 200 : 201, headers: { "Content-Type": "application/json" } });
    };
    const session = new Session({ storage: { get: () => null, set: () => undefined }, refresh: async () => ({ access_token: "", expires_in: 0 }) });
    const notices = noticesClient(makeClients(session, "http://balai.test", fake as typeof fetch));
    expect((await notices.board("33.17.09.2016")).total).toBe(0);
    await notices.publish("3317092016", toNoticeIn({ title: "A", body: "B", category: "umum", pinned: false, expires_on: "" }), "key-1");
    expect(new URL(seen[0]!.url).pathname + new URL(seen[0]!.url).search).toBe("/api/identity/villages/3317092016/notices?limit=20&offset=0");
    expect(seen[1]!.method).toBe("POST");
    expect(seen[1]!.headers.get("idempotency-key")).toBe("key-1");
    expect(await seen[1]!.json()).toMatchObject({ title: "A", category: "umum", expires_on: null });
  });
  it("turns a refusal into the service's problem", async () => {
    const refuse = async () =>
      new Response(JSON.stringify({ status: 403, code: "other_village", detail: "Pengumuman ini milik desa lain atau di luar wewenang Anda." }), {
        status: 403,
        headers: { "Content-Type": "application/problem+json" },
      });
    const session = new Session({ storage: { get: () => null, set: () => undefined }, refresh: async () => ({ access_token: "", expires_in: 0 }) });
    const notices = noticesClient(makeClients(session, "http://balai.test", refuse as typeof fetch));
    await expect(notices.archive("3317092016", "x")).rejects.toMatchObject({ problem: { code: "other_village", status: 403 } });
  });
});
