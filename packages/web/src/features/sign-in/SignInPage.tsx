import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/http.ts";
import { Brand } from "../../ui/Brand.tsx";
import { ErrorNotice } from "../../ui/Notice.tsx";
import styles from "./SignInPage.module.css";

export function SignInPage({
  notice,
  onSignIn,
}: {
  notice: string | null;
  onSignIn: (email: string, password: string) => Promise<void>;
}) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSignIn(email.trim(), password);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? "That email and password don't match. Check them and try again."
          : failure instanceof Error
            ? failure.message
            : "Signing in failed.",
      );
      setBusy(false);
    }
  };

  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <Brand />
        <h1 className={styles.title}>Sign in to your inbox</h1>
        <p className={styles.lead}>Every conversation with your clients, on every channel, in one place.</p>
        {notice ? <p className={styles.notice}>{notice}</p> : null}
        <form
          className={styles.form}
          onSubmit={submit}
          aria-describedby={error ? "sign-in-error" : undefined}
        >
          <div className="field">
            <label htmlFor="email">Email</label>
            <input
              id="email"
              className="input"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input
              id="password"
              className="input"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          {error ? (
            <div id="sign-in-error">
              <ErrorNotice message={error} />
            </div>
          ) : null}
          <button type="submit" className={`btn btn-primary ${styles.submit}`} disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </div>
    </main>
  );
}
