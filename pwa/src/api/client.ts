/**
 * Typed clients for the Balai services, generated from their OpenAPI documents (src/api/generated,
 * made by scripts/gen-api.mjs from openapi/*.json). No hand-written fetch calls to the APIs:
 * every path, parameter and body below is checked against the services' schemas at build time.
 */
import createClient, { type Client } from "openapi-fetch";
import type { paths as AidPaths } from "./generated/aid";
import type { paths as IdentityPaths } from "./generated/identity";
import type { paths as LettersPaths } from "./generated/letters";
import type { paths as MarketplacePaths } from "./generated/marketplace";
import { ProblemError, toProblem } from "./problem";
import { authFetch, RefreshFailed, Session, type TokenResponse } from "../auth/session";
import { storage } from "../lib/storage";

export type { AidPaths, IdentityPaths, LettersPaths, MarketplacePaths };

export interface Clients {
  identity: Client<IdentityPaths>;
  letters: Client<LettersPaths>;
  aid: Client<AidPaths>;
  marketplace: Client<MarketplacePaths>;
}

/**
 * `bodySerializer` for a file sent as the raw body (its OpenAPI type is `Blob`): as it is, not as JSON.
 * Set its Content-Type in `headers`.
 */
export const asIs = (body: unknown): BodyInit => body as BodyInit;

/** `bodySerializer` for a `multipart/form-data` body of files, e.g. `{ file }`: one form field per key. */
export function asForm(body: unknown): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body as Record<string, Blob>)) form.append(name, value);
  return form;
}

/** Clients on `origin` (empty = same origin) sharing one session. */
export function makeClients(session: Session, origin = "", baseFetch?: typeof fetch): Clients {
  const f = authFetch(session, baseFetch);
  const make = <P extends {}>(service: string) => createClient<P>({ baseUrl: `${origin}/api/${service}`, fetch: f });
  return {
    identity: make<IdentityPaths>("identity"),
    letters: make<LettersPaths>("letters"),
    aid: make<AidPaths>("aid"),
    marketplace: make<MarketplacePaths>("marketplace"),
  };
}

/** The refresh call itself goes without the session's fetch (it must not recurse). */
export function refreshWith(origin = "", baseFetch?: typeof fetch) {
  const plain = createClient<IdentityPaths>({
    baseUrl: `${origin}/api/identity`,
    ...(baseFetch ? { fetch: (r: Request) => baseFetch(r) } : {}),
  });
  return async (refreshToken: string): Promise<TokenResponse> => {
    const { data, error, response } = await plain.POST("/auth/refresh", { body: { refresh_token: refreshToken } });
    if (data === undefined || error !== undefined || !response.ok) {
      throw new RefreshFailed(toProblem(response.status, error).detail, response.status);
    }
    return data;
  };
}

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The data of an openapi-fetch call, or a thrown ProblemError carrying the service's problem details. */
export async function unwrap<D>(call: Promise<FetchResult<D>>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw new ProblemError(toProblem(response.status, error, response.headers));
  return data as D;
}

export const session = new Session({ storage, refresh: refreshWith() });
export const api: Clients = makeClients(session);

if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key === "balai.session") session.reload();
  });
}
