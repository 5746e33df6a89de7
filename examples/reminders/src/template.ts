import type { CommunicationApi } from "@tandem/sdk";

/** The reminder's template: the client's name filled by Tandem, the rest by each booking. */
export const REMINDER_TEMPLATE = {
  name: "appointment_reminder",
  body: "Hello {{client.first_name}}, a reminder of your appointment {{appointment_time}} for {{service}}. Reply to this message to confirm or to ask for another time.",
} as const;

/**
 * Makes the business's template say what this tool sends: created on the first run, and put back
 * when an admin changed its text on the page (the tool's reminders are the tool's words).
 */
export async function ensureReminderTemplate(tandem: CommunicationApi): Promise<string> {
  const { templates } = await tandem.templates.list();
  const found = templates.find((template) => template.name === REMINDER_TEMPLATE.name);
  if (!found) return (await tandem.templates.create({ ...REMINDER_TEMPLATE })).template.uid;
  if (found.body !== REMINDER_TEMPLATE.body)
    await tandem.templates.update(found.uid, { ...REMINDER_TEMPLATE });
  return found.uid;
}
