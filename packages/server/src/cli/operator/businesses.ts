import type { Staff } from "@tandem/contract";
import { details, pageLine, table } from "../output.js";
import { optionalText, requiredText } from "../usage.js";
import { asSent, type OperatorCommand, PAGE_FLAGS, pageQuery, valueFlags } from "./command.js";

const staffTable = (staff: readonly Staff[]) =>
  table(
    staff,
    [
      ["uid", (member) => member.uid],
      ["email", (member) => member.email],
      ["display_name", (member) => member.display_name],
      ["role", (member) => member.role],
    ],
    "no staff",
  );

export const businessCommands: OperatorCommand[] = [
  {
    name: "businesses:create",
    summary: "create a business with its first admin",
    usage: "--name NAME --admin-email EMAIL --admin-password PASSWORD [--admin-name NAME]",
    flags: valueFlags("name", "admin-email", "admin-password", "admin-name"),
    async run(directory, { flags }) {
      const data = await directory.businesses.create({
        name: requiredText(flags, "name"),
        admin: {
          email: requiredText(flags, "admin-email"),
          password: requiredText(flags, "admin-password"),
          display_name: optionalText(flags, "admin-name") ?? "Admin",
        },
      });
      return { data, text: `${details(data.business)}\n\nadmin\n${details(data.staff)}` };
    },
  },
  {
    name: "businesses:list",
    summary: "the businesses, a page at a time",
    usage: "[--page N] [--per-page N]",
    flags: PAGE_FLAGS,
    async run(directory, { flags }) {
      const data = await directory.businesses.list(pageQuery(flags));
      const rows = table(
        data.businesses,
        [
          ["uid", (business) => business.uid],
          ["name", (business) => business.name],
          ["created_at", (business) => business.created_at],
        ],
        "no businesses",
      );
      return { data, text: `${rows}\n\n${pageLine(data.pagination)}` };
    },
  },
  {
    name: "staff:create",
    summary: "add a staff member to a business",
    usage: "--business UID --email EMAIL --password PASSWORD [--name NAME] [--role admin|staff]",
    flags: valueFlags("business", "email", "password", "name", "role"),
    async run(directory, { flags }) {
      const email = requiredText(flags, "email");
      const role = optionalText(flags, "role");
      const data = await directory.staff.create(requiredText(flags, "business"), {
        email,
        password: requiredText(flags, "password"),
        display_name: optionalText(flags, "name") ?? email,
        role: role === undefined ? undefined : asSent(role),
      });
      return { data, text: details(data.staff) };
    },
  },
  {
    name: "staff:list",
    summary: "a business's staff",
    usage: "--business UID",
    flags: valueFlags("business"),
    async run(directory, { flags }) {
      const data = await directory.staff.list(requiredText(flags, "business"));
      return { data, text: staffTable(data.staffs) };
    },
  },
  {
    name: "install",
    summary: "install an app on a business without the consent screen",
    usage: "--business UID --app APP_CODE_NAME",
    flags: valueFlags("business", "app"),
    async run(directory, { flags }) {
      const data = await directory.installations.create(requiredText(flags, "business"), {
        app_code_name: requiredText(flags, "app"),
      });
      return { data, text: details(data.installation) };
    },
  },
];
