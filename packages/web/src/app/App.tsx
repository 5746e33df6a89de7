import { SignInPage } from "../features/sign-in/SignInPage.tsx";
import { Brand } from "../ui/Brand.tsx";
import { EmptyState } from "../ui/Notice.tsx";
import { Shell } from "./Shell.tsx";
import { useSession } from "./session.ts";

export function App() {
  const { session, signIn, signOut, retry } = useSession();
  switch (session.status) {
    case "checking":
      return (
        <div className="app-splash" aria-busy="true">
          <Brand />
          <span className="visually-hidden">Loading Tandem…</span>
        </div>
      );
    case "unreachable":
      return (
        <EmptyState title="Tandem cannot be reached">
          <p>{session.message}</p>
          <p>
            <button type="button" className="btn" onClick={() => void retry()}>
              Try again
            </button>
          </p>
        </EmptyState>
      );
    case "signed-out":
      return <SignInPage notice={session.notice} onSignIn={signIn} />;
    case "signed-in":
      return (
        <Shell
          key={session.staff.uid}
          staff={session.staff}
          business={session.business}
          onSignOut={signOut}
        />
      );
  }
}
