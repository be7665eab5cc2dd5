/**
 * Short names for answer types the screens pass around. Every one is the service's own response model,
 * generated from its OpenAPI document (src/api/generated): change the model, run `npm run openapi:dump`,
 * and the type checker shows every screen that must follow. No shape here is written by hand.
 */
import type { components as Aid } from "./generated/aid";
import type { components as Identity } from "./generated/identity";

/** aid POST /check (public) */
export type AidCheck = Aid["schemas"]["CheckOut"];
/** aid GET /me/aid */
export type MyAid = Aid["schemas"]["MyAidOut"];
/** aid GET /stats */
export type AidStats = Aid["schemas"]["StatsOut"];
/** aid POST /programs/{program_id}/imports, POST /imports/opensid */
export type AidImportReport = Aid["schemas"]["ImportReportOut"];

/** identity GET /villages/{code}/stats/population */
export type Population = Identity["schemas"]["VillagePopulationOut"];
/** identity POST /residents/{resident_id}/pin */
export type PinIssued = Identity["schemas"]["PinIssuedOut"];
/** identity GET /villages/{code}/devices */
export type Device = Identity["schemas"]["DeviceOut"];
/** identity POST /villages/{code}/imports (a refused import answers the same members in its 422 problem) */
export type ImportReport = Identity["schemas"]["ImportReportOut"];

/**
 * A resident's own aid from data without a generated type: the kiosk reads GET /me/aid relayed by its
 * gateway's bridge. (Through the typed client, `unwrap(api.aid.GET("/me/aid"))` is already a `MyAid`.)
 */
export function asMyAid(body: unknown): MyAid {
  const b = body as MyAid | null;
  if (!b || !Array.isArray(b.enrolments)) throw new Error("unexpected aid answer");
  return b;
}
