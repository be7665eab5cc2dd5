/** The resident's own data, synced for offline reading. */
import { api, unwrap } from "../../api/client";
import type { MyAid } from "../../api/shapes";
import type { components as Identity } from "../../api/generated/identity";
import { lettersApi, type LetterRequest } from "../../app/letters";
import { useSynced } from "../../app/sync";

export type Me = Identity["schemas"]["ResidentOut"];

export const useMe = () => useSynced<Me>("me", () => unwrap(api.identity.GET("/me")));
export const useMyAid = () => useSynced<MyAid>("aid", () => unwrap(api.aid.GET("/me/aid")));
export const useMyLetters = () => useSynced<LetterRequest[]>("letters", () => lettersApi.mine());

export function statusKind(status: string): "" | "ok" | "warn" | "bad" | "info" {
  if (status === "issued" || status === "signed" || status === "disbursed" || status === "active") return "ok";
  if (status === "returned" || status === "planned" || status === "under_review") return "warn";
  if (status === "rejected" || status === "revoked" || status === "failed" || status === "removed") return "bad";
  return "info";
}
