import type { App } from "@tandem/contract";
import { details, pageLine, table } from "../output.js";
import { type Flags, optionalText, requiredText } from "../usage.js";
import { type OperatorCommand, PAGE_FLAGS, pageQuery, switchFlags, valueFlags } from "./command.js";

const list = (flags: Flags, name: string) => optionalText(flags, name)?.split(",");

/** A switch the operator gave, and only then: the API's default stands otherwise. */
const given = (flags: Flags, name: string) => (flags[name] === true ? true : undefined);

export const appsTable = (apps: readonly App[]) =>
  table(
    apps,
    [
      ["app_id", (app) => app.app_id],
      ["app_code_name", (app) => app.app_code_name],
      ["name", (app) => app.name],
      ["app_type", (app) => app.app_type],
      ["api_uri", (app) => app.api_uri],
      ["trusted", (app) => app.trusted],
      ["open_channel", (app) => app.open_channel],
      ["unreachable", (app) => app.unreachable],
    ],
    "no apps",
  );

export const appCommands: OperatorCommand[] = [
  {
    name: "apps:create",
    summary: "register an app; its client_secret and webhook_secret are shown only here",
    usage:
      "--name NAME --redirect-uri URL [--api-uri URL] [--type communication,…] [--code-name NAME] [--scopes a,b] [--trusted] [--open-channel]",
    flags: {
      ...valueFlags("name", "redirect-uri", "api-uri", "type", "code-name", "scopes"),
      ...switchFlags("trusted", "open-channel"),
    },
    async run(directory, { flags }) {
      const data = await directory.apps.create({
        name: requiredText(flags, "name"),
        redirect_uri: requiredText(flags, "redirect-uri"),
        app_type: list(flags, "type") ?? ["communication"],
        api_uri: optionalText(flags, "api-uri"),
        app_code_name: optionalText(flags, "code-name"),
        scopes: list(flags, "scopes"),
        trusted: given(flags, "trusted"),
        open_channel: given(flags, "open-channel"),
      });
      const note = "client_secret and webhook_secret are shown only now: keep them.";
      return { data, text: `${details(data.app)}\n\n${note}` };
    },
  },
  {
    name: "apps:list",
    summary: "the registered apps, a page at a time",
    usage: "[--page N] [--per-page N]",
    flags: PAGE_FLAGS,
    async run(directory, { flags }) {
      const data = await directory.apps.list(pageQuery(flags));
      return { data, text: `${appsTable(data.apps)}\n\n${pageLine(data.pagination)}` };
    },
  },
  {
    name: "apps:show",
    summary: "one app (never its secrets)",
    usage: "APP_ID",
    flags: {},
    argument: "APP_ID",
    async run(directory, { argument }) {
      const data = await directory.apps.get(argument);
      return { data, text: details(data.app) };
    },
  },
];
