/**
 * The console's notice form: the draft, the checks the service would make (shown next to the fields
 * before sending), and what is sent. Only the console imports this, so it stays in the console chunk.
 */
import { isProblemError } from "../api/problem";
import type { Key } from "../i18n";
import { BODY_MAX, TITLE_MAX, type NoticeCategory, type NoticeIn, type NoticePatch, type StaffNotice } from "./notices";

export interface Draft {
  title: string;
  body: string;
  category: NoticeCategory | "";
  pinned: boolean;
  expires_on: string;
}

export const emptyDraft = (): Draft => ({ title: "", body: "", category: "umum", pinned: false, expires_on: "" });

export function draftOf(n: StaffNotice): Draft {
  return { title: n.title, body: n.body, category: n.category, pinned: n.pinned, expires_on: n.expires_on ?? "" };
}

// The same tags and references the service refuses (identity notices_domain.py), so "usia <5 tahun" passes.
const TAGS =
  "a|b|i|u|s|p|br|hr|div|span|font|center|strong|em|small|big|sub|sup|mark|code|pre|blockquote|h[1-6]|ul|ol|li|" +
  "table|thead|tbody|tr|td|th|img|picture|video|audio|source|iframe|object|embed|script|style|link|meta|html|" +
  "head|body|form|input|button|select|textarea|label|svg|math|marquee|details|summary";
const HTML = new RegExp(`</?\\s*(?:${TAGS})(?:\\s[^<>]*)?/?>|<!--|&(?:[a-zA-Z]{2,8}|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});`, "i");
const SIXTEEN_DIGITS = /(^|\D)\d{16}(?!\d)/;

export interface DraftIssue {
  field: "title" | "body" | "category" | "expires_on";
  key: Key;
}

/**
 * What the service would refuse, checked before sending so the operator sees it next to the field.
 * The service stays the judge (its 422 issues are shown the same way); this only saves a round trip.
 */
export function draftIssues(d: Draft, today: string): DraftIssue[] {
  const issues: DraftIssue[] = [];
  const title = d.title.replace(/\s+/g, " ").trim();
  const body = d.body.trim();
  if (!title) issues.push({ field: "title", key: "notices.err.required" });
  else if (title.length > TITLE_MAX) issues.push({ field: "title", key: "notices.err.tooLong" });
  if (!body) issues.push({ field: "body", key: "notices.err.required" });
  else if (body.length > BODY_MAX) issues.push({ field: "body", key: "notices.err.tooLong" });
  for (const field of ["title", "body"] as const) {
    const text = field === "title" ? title : body;
    if (HTML.test(text)) issues.push({ field, key: "notices.err.html" });
    if (SIXTEEN_DIGITS.test(text)) issues.push({ field, key: "notices.err.personalNumber" });
  }
  if (!d.category) issues.push({ field: "category", key: "notices.err.required" });
  if (d.expires_on && d.expires_on < today) issues.push({ field: "expires_on", key: "notices.err.past" });
  return issues;
}

export function toNoticeIn(d: Draft): NoticeIn {
  return {
    title: d.title,
    body: d.body,
    category: (d.category || "umum") as NoticeCategory,
    pinned: d.pinned,
    expires_on: d.expires_on || null,
  };
}

/** Only what changed, so an edit touches (and audits) the fields the operator really changed. */
export function toPatch(original: StaffNotice, d: Draft): NoticePatch {
  const patch: NoticePatch = {};
  if (d.title !== original.title) patch.title = d.title;
  if (d.body !== original.body) patch.body = d.body;
  if (d.category && d.category !== original.category) patch.category = d.category;
  if (d.pinned !== original.pinned) patch.pinned = d.pinned;
  if ((d.expires_on || null) !== (original.expires_on ?? null)) patch.expires_on = d.expires_on || null;
  return patch;
}

/** The service's 422 `issues` (notice_invalid) by field: `{title: "Judul wajib diisi."}`. */
export function issuesByField(error: unknown): Partial<Record<string, string>> {
  if (!isProblemError(error)) return {};
  const issues = error.problem.extra.issues;
  const out: Partial<Record<string, string>> = {};
  if (!Array.isArray(issues)) return out;
  for (const i of issues as unknown[]) {
    if (typeof i !== "object" || i === null) continue;
    const { field, message } = i as { field?: unknown; message?: unknown };
    if (typeof field === "string" && typeof message === "string") out[field] = out[field] ? `${out[field]} ${message}` : message;
  }
  return out;
}
