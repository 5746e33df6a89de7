import type { Template } from "@tandem/contract";
import { type FormEvent, useCallback, useState } from "react";
import { ApiError } from "../../api/http.ts";
import { pageApi } from "../../api/page-api.ts";
import styles from "./Panel.module.css";
import { PanelBody } from "./PanelBody.tsx";
import { useResource } from "./use-resource.ts";

const loadTemplates = () => pageApi.templates().then(({ templates }) => templates);
const failure = (error: unknown) => (error instanceof ApiError ? error.message : "That did not work.");

/** The business's message templates: admins add and delete them; anyone previews one with sample values. */
export function TemplatesPanel({ isAdmin }: { isAdmin: boolean }) {
  const { resource, reload } = useResource(loadTemplates);
  return (
    <section className={styles.panel} aria-labelledby="templates-heading">
      <h2 id="templates-heading" className="visually-hidden">
        Message templates
      </h2>
      <p className={styles.intro}>
        Templates are messages with named variables:{" "}
        <span className={styles.mono}>{"{{client.first_name}}"}</span> is filled from the client, any other{" "}
        <span className={styles.mono}>{"{{name}}"}</span> by whoever sends it — staff in the composer, or your
        business's software.
      </p>
      {isAdmin ? <NewTemplate onAdded={reload} /> : null}
      <PanelBody resource={resource} reload={reload} empty="No templates yet.">
        {(templates) =>
          templates.map((template) => (
            <TemplateRow key={template.uid} template={template} isAdmin={isAdmin} onDeleted={reload} />
          ))
        }
      </PanelBody>
    </section>
  );
}

function NewTemplate({ onAdded }: { onAdded: () => void }) {
  const [name, setName] = useState("");
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await pageApi.createTemplate({ name, body });
      setName("");
      setBody("");
      setError(null);
      onAdded();
    } catch (caught) {
      setError(failure(caught));
    }
  };
  return (
    <form className={`${styles.card} ${styles.row}`} onSubmit={add} aria-label="New template">
      <input
        className="input"
        aria-label="Template name"
        placeholder="Name, e.g. appointment_reminder"
        value={name}
        onChange={(event) => setName(event.target.value)}
        required
      />
      <textarea
        className="input"
        aria-label="Template text"
        placeholder="Dear {{client.first_name}}, see you at {{appointment_time}}."
        value={body}
        onChange={(event) => setBody(event.target.value)}
        rows={2}
        required
      />
      <button type="submit" className="btn btn-primary btn-small">
        Add template
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}

function TemplateRow({
  template,
  isAdmin,
  onDeleted,
}: {
  template: Template;
  isAdmin: boolean;
  onDeleted: () => void;
}) {
  const [samples, setSamples] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<string | null>(null);
  const show = useCallback(async () => {
    try {
      setPreview((await pageApi.previewTemplate({ template: template.uid, variables: samples })).text);
    } catch (caught) {
      setPreview(failure(caught));
    }
  }, [template.uid, samples]);
  const remove = async () => {
    await pageApi.deleteTemplate(template.uid).catch(() => undefined);
    onDeleted();
  };
  return (
    <li className={styles.row} data-template-uid={template.uid}>
      <div className={styles.main}>
        <span className={styles.name}>{template.name}</span>
        <span className={styles.detail}>{template.body}</span>
        <div className={styles.actions}>
          {template.variables.map((variable) => (
            <input
              key={variable}
              className="input"
              aria-label={`Sample ${variable}`}
              placeholder={variable}
              value={samples[variable] ?? ""}
              onChange={(event) => setSamples({ ...samples, [variable]: event.target.value })}
            />
          ))}
        </div>
        {preview !== null ? (
          <output className={styles.detail} aria-label="Preview">
            {preview}
          </output>
        ) : null}
      </div>
      <div className={styles.actions}>
        <button type="button" className="btn btn-small" onClick={() => void show()}>
          Preview
        </button>
        {isAdmin ? (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => void remove()}>
            Delete
          </button>
        ) : null}
      </div>
    </li>
  );
}
