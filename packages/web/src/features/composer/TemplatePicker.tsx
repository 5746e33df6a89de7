import type { Template } from "@tandem/contract";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError } from "../../api/http.ts";
import { pageApi } from "../../api/page-api.ts";
import styles from "./Composer.module.css";

/** The variables staff fill in; `client.*` ones Tandem fills from the client. */
const ownVariables = (template: Template) => template.variables.filter((name) => !name.startsWith("client."));

/**
 * Picks one of the business's templates, asks for its own variables, and hands the composer the
 * text Tandem filled for this client (never text with `{{…}}` left in it).
 */
export function TemplatePicker({ clientUid, onFill }: { clientUid: string; onFill: (text: string) => void }) {
  const [templates, setTemplates] = useState<Template[]>([]);
  const [chosen, setChosen] = useState<Template | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    pageApi
      .templates()
      .then(({ templates: loaded }) => {
        if (!cancelled) setTemplates(loaded);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  if (templates.length === 0) return null;

  const fill = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!chosen) return;
    try {
      const { text } = await pageApi.previewTemplate({
        template: chosen.uid,
        client_uid: clientUid,
        variables: values,
      });
      onFill(text);
      setChosen(null);
      setValues({});
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "The template could not be filled.");
    }
  };

  return (
    <div className={styles.templates}>
      <select
        className="input"
        aria-label="Use a template"
        value={chosen?.uid ?? ""}
        onChange={(event) => {
          setChosen(templates.find((template) => template.uid === event.target.value) ?? null);
          setValues({});
          setError(null);
        }}
      >
        <option value="">Template…</option>
        {templates.map((template) => (
          <option key={template.uid} value={template.uid}>
            {template.name}
          </option>
        ))}
      </select>
      {chosen
        ? ownVariables(chosen).map((name) => (
            <input
              key={name}
              className="input"
              aria-label={name}
              placeholder={name}
              value={values[name] ?? ""}
              onChange={(event) => setValues({ ...values, [name]: event.target.value })}
            />
          ))
        : null}
      {chosen ? (
        <button type="button" className="btn btn-small" onClick={() => void fill()}>
          Insert
        </button>
      ) : null}
      {error ? (
        <span role="alert" className={styles.hint}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
