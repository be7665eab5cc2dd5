/**
 * Village notices (pengumuman desa): the identity service's board, typed from its OpenAPI, and the small
 * rules the screens share. A notice's body is plain text: it is shown as text nodes, never as HTML.
 */
import { api, unwrap, type Clients } from "../api/client";
import type { components } from "../api/generated/identity";
import type { Lang } from "../i18n";
import { compactVillage } from "../lib/format";

type Schemas = components["schemas"];
export type Notice = Schemas["NoticePublicOut"];
export type StaffNotice = Schemas["NoticeOut"];
export type NoticeBoard = Schemas["NoticeBoard"];
export type NoticeIn = Schemas["NoticeIn"];
export type NoticePatch = Schemas["NoticePatch"];
export type NoticeCategory = Schemas["NoticeCategory"];
export type NoticeCategoryOut = Schemas["NoticeCategoryOut"];

/** The service's limits (identity notices_domain.py): characters after trimming. */
export const TITLE_MAX = 120;
export const BODY_MAX = 4000;
/** How many notices the board keeps for offline reading (one page). */
export const BOARD_PAGE = 20;

const path = (village: string) => ({ code: compactVillage(village) });

/** The notice routes on a set of clients (the app's own, or test clients on a fake fetch). */
export function noticesClient(c: Pick<Clients, "identity">) {
  const I = c.identity;
  const one = (village: string, id: string) => ({ path: { ...path(village), notice_id: id } });
  return {
    board: (village: string, offset = 0, limit = BOARD_PAGE) =>
      unwrap(I.GET("/villages/{code}/notices", { params: { path: path(village), query: { limit, offset } } })),
    one: (village: string, id: string) => unwrap(I.GET("/villages/{code}/notices/{notice_id}", { params: one(village, id) })),
    all: (village: string, offset = 0) =>
      unwrap(I.GET("/villages/{code}/notices/all", { params: { path: path(village), query: { limit: 50, offset } } })),
    categories: () => unwrap(I.GET("/notices/categories")),
    publish: (village: string, body: NoticeIn, key: string) =>
      unwrap(I.POST("/villages/{code}/notices", { params: { path: path(village), header: { "idempotency-key": key } }, body })),
    update: (village: string, id: string, body: NoticePatch) =>
      unwrap(I.PATCH("/villages/{code}/notices/{notice_id}", { params: one(village, id), body })),
    archive: (village: string, id: string) =>
      unwrap(I.POST("/villages/{code}/notices/{notice_id}/archive", { params: one(village, id) })),
  };
}

export const noticesApi = noticesClient(api);

/** The page of one notice: `/pengumuman/3317092016/<id>` (public, like the board). */
export function noticeHref(n: Pick<Notice, "id" | "village_code">): string {
  return `/pengumuman/${compactVillage(n.village_code)}/${n.id}`;
}

export function categoryLabel(n: { category_label: string; category_label_en: string }, lang: Lang): string {
  return lang === "en" ? n.category_label_en : n.category_label;
}

/** The badge colour of a category (Pill kinds). */
export function categoryKind(category: string): "" | "ok" | "bad" | "info" {
  switch (category) {
    case "bantuan":
      return "ok";
    case "kesehatan":
    case "kegiatan":
      return "info";
    case "keamanan":
      return "bad"; // "warn" is the pinned badge
    default:
      return "";
  }
}

/** Paragraphs of a plain-text body (blank lines separate them; single line breaks stay inside). */
export function paragraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The first words of a body, on one line, cut at a word boundary. */
export function excerpt(body: string, max = 120): string {
  const flat = body.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, "")}…`;
}

/** Pinned first, then the newest, then the newest id — the service's board order. */
export function boardOrder<T extends Pick<Notice, "pinned" | "published_at" | "id">>(notices: readonly T[]): T[] {
  return [...notices].sort(
    (a, b) =>
      Number(b.pinned) - Number(a.pinned) ||
      Date.parse(b.published_at) - Date.parse(a.published_at) ||
      (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}

/** Drop what the board would no longer show: `today` is the local calendar date as YYYY-MM-DD. */
export function stillShown<T extends Pick<Notice, "expires_on">>(notices: readonly T[], today: string): T[] {
  return notices.filter((n) => !n.expires_on || n.expires_on >= today);
}

export type NoticeState = "active" | "expired" | "archived";

export function noticeState(n: Pick<StaffNotice, "archived" | "expired">): NoticeState {
  return n.archived ? "archived" : n.expired ? "expired" : "active";
}
