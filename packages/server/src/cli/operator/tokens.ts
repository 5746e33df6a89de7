import { details } from "../output.js";
import { optionalText, UsageError } from "../usage.js";
import { type OperatorCommand, valueFlags } from "./command.js";

export const tokenCommands: OperatorCommand[] = [
  {
    name: "tokens:mint",
    summary: "mint a token for automation: an app's (on a business, or app-level) or a staff member's",
    usage: "--app APP_ID [--business UID] | --staff STAFF_UID",
    flags: valueFlags("app", "business", "staff"),
    async run(directory, { flags }) {
      const app = optionalText(flags, "app");
      const staff = optionalText(flags, "staff");
      if (!app && !staff) throw new UsageError("--app or --staff is required");
      const data = await directory.tokens.mint({
        app_id: app,
        business_uid: optionalText(flags, "business"),
        staff_uid: staff,
      });
      return { data, text: details(data) };
    },
  },
];
