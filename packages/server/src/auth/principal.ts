/** Who is calling, once the bearer token or session cookie has been checked. */
export type Principal =
  | { kind: "directory" }
  | {
      kind: "app";
      appId: string;
      /** The business an OAuth or minted token is bound to; null for an app-level (service) token. */
      businessUid: string | null;
      scopes: readonly string[];
    }
  | {
      kind: "staff";
      staffUid: string;
      businessUid: string;
      role: "admin" | "staff";
      displayName: string;
      email: string;
    };

export type PrincipalKind = Principal["kind"];
export type PrincipalOf<K extends PrincipalKind> = Extract<Principal, { kind: K }>;

/** Resolves a bearer token into a principal, or null when it does not recognise it. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal | null>;
}
