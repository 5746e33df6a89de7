import { useState } from "react";
import type { NetworkSwitches } from "../../src/wire.ts";
import { sandboxApi } from "./api.ts";

const SWITCHES: { key: keyof NetworkSwitches; label: string; hint: string }[] = [
  {
    key: "down",
    label: "Network down",
    hint: "Tandem's webhooks get 503: staff messages queue and are retried in order",
  },
  { key: "slow", label: "Slow network", hint: "each webhook is answered after 3 seconds" },
];

/** The failure switches: what Tandem's guarantees look like when the app's network misbehaves. */
export function Switches({ network }: { network: NetworkSwitches }) {
  const [problem, setProblem] = useState<string | null>(null);
  const flip = (key: keyof NetworkSwitches) =>
    sandboxApi.network({ [key]: !network[key] }).then(
      () => setProblem(null),
      (error: Error) => setProblem(error.message),
    );
  return (
    <fieldset className="switches">
      <legend className="visually-hidden">Network</legend>
      {SWITCHES.map(({ key, label, hint }) => (
        <button
          key={key}
          type="button"
          role="switch"
          aria-checked={network[key]}
          title={hint}
          className={`switch ${network[key] ? "switch-on" : ""}`}
          onClick={() => void flip(key)}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          {label}
        </button>
      ))}
      {problem && (
        <span className="error" role="alert">
          {problem}
        </span>
      )}
    </fieldset>
  );
}
