/** Reading (never verifying: the services do that) the claims of an identity-issued JWT. */
export type Role = "resident" | "seller" | "operator" | "kades" | "camat" | "regency_admin" | "kiosk";

export interface Claims {
  sub: string;
  /** Compact village code (10 digits) for residents and village staff; district code for a camat; null = regency. */
  village: string | null;
  roles: Role[];
  amr: string[];
  name?: string;
  device?: string;
  exp: number;
}

function b64urlDecode(part: string): string {
  const b64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const bin = atob(b64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function decodeJwt(token: string): Claims | null {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const raw = JSON.parse(b64urlDecode(part)) as Record<string, unknown>;
    if (typeof raw.sub !== "string" || typeof raw.exp !== "number") return null;
    return {
      sub: raw.sub,
      village: typeof raw.village === "string" ? raw.village : null,
      roles: Array.isArray(raw.roles) ? (raw.roles.filter((r) => typeof r === "string") as Role[]) : [],
      amr: Array.isArray(raw.amr) ? raw.amr.filter((r): r is string => typeof r === "string") : [],
      ...(typeof raw.name === "string" ? { name: raw.name } : {}),
      ...(typeof raw.device === "string" ? { device: raw.device } : {}),
      exp: raw.exp,
    };
  } catch {
    return null;
  }
}

export const STAFF_ROLES: readonly Role[] = ["operator", "kades", "camat", "regency_admin"];

export function isStaff(c: Claims | null): boolean {
  return !!c && c.roles.some((r) => STAFF_ROLES.includes(r));
}

export function hasRole(c: Claims | null, ...roles: Role[]): boolean {
  return !!c && c.roles.some((r) => roles.includes(r));
}
