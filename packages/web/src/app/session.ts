import type { Staff } from "@tandem/contract";
import { useCallback, useEffect, useState } from "react";
import { ApiError, onUnauthorized } from "../api/http.ts";
import type { SignedInBusiness } from "../api/page-api.ts";
import { pageApi } from "../api/page-api.ts";

export type SessionState =
  | { status: "checking" }
  | { status: "signed-out"; notice: string | null }
  | { status: "signed-in"; staff: Staff; business: SignedInBusiness }
  | { status: "unreachable"; message: string };

/** Who is signed in: asked once at start (the httpOnly cookie is invisible to scripts), then kept. */
export function useSession() {
  const [session, setSession] = useState<SessionState>({ status: "checking" });

  const check = useCallback(async () => {
    try {
      const { staff, business } = await pageApi.me();
      setSession({ status: "signed-in", staff, business });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401)
        setSession({ status: "signed-out", notice: null });
      else
        setSession({
          status: "unreachable",
          message: error instanceof Error ? error.message : String(error),
        });
    }
  }, []);

  useEffect(() => {
    void check();
    return onUnauthorized(() =>
      setSession((current) =>
        current.status === "signed-in"
          ? { status: "signed-out", notice: "Your sign-in has ended. Please sign in again." }
          : current,
      ),
    );
  }, [check]);

  const signIn = useCallback(async (email: string, password: string) => {
    await pageApi.login(email, password);
    const { staff, business } = await pageApi.me();
    setSession({ status: "signed-in", staff, business });
  }, []);

  const signOut = useCallback(async () => {
    await pageApi.logout().catch(() => undefined);
    setSession({ status: "signed-out", notice: null });
  }, []);

  return { session, signIn, signOut, retry: check };
}
