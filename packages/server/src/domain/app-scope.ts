import type { Kysely } from "kysely";
import type { PrincipalOf } from "../auth/principal.js";
import { AppError, notFound } from "../errors.js";
import { BatchedLookup } from "../storage/batched-lookup.js";
import { anyOf } from "../storage/dialects/array-parameters.js";
import { prepare } from "../storage/prepared.js";
import type { ChannelRow, Database, SessionRow } from "../storage/schema.js";

/**
 * What an app token may reach: its own channels, at businesses that have it installed (and only the
 * bound business for a business token). Every communication-API lookup goes through these helpers,
 * and anything outside the scope is "not found" so uids cannot be probed.
 */
export type AppScope = Pick<PrincipalOf<"app">, "appId" | "businessUid">;

/**
 * What a list reaches: one app's records (at one business, or at every business that has it
 * installed when `businessUid` is null), or, for the directory, every app's at one business.
 */
export type ListScope = { appId: string; businessUid: string | null } | { appId: null; businessUid: string };

/**
 * The directory acts at a business as the app that owns the channel it names (SPEC §3, §5: an app is
 * known from its token, and the directory's token names none). A channel of another business is not found;
 * the helpers the scope is then given check that the app is installed there.
 */
/** Anything that can read: the domain, or a write's context inside its transaction. */
export interface Reader {
  db: Kysely<Database>;
}

export async function ownerOfChannel(
  { db }: Reader,
  businessUid: string,
  channelUid: string,
  field = "channel_uid",
): Promise<AppScope> {
  const channel = await db
    .selectFrom("channels")
    .select("app_id")
    .where("uid", "=", channelUid)
    .where("business_uid", "=", businessUid)
    .executeTakeFirst();
  if (!channel) throw notFound("channel", field);
  return { appId: channel.app_id, businessUid };
}

/** The same for a session: its channel's app, at the business the directory acts on. */
export async function ownerOfSession(
  { db }: Reader,
  businessUid: string,
  sessionUid: string,
  field = "session_uid",
): Promise<AppScope> {
  const session = await db
    .selectFrom("sessions")
    .innerJoin("channels", "channels.uid", "sessions.channel_uid")
    .select("channels.app_id")
    .where("sessions.uid", "=", sessionUid)
    .where("sessions.business_uid", "=", businessUid)
    .executeTakeFirst();
  if (!session) throw notFound("session", field);
  return { appId: session.app_id, businessUid };
}

/** The installation is what lets an app reach a business. */
export async function isInstalled({ db }: Reader, appId: string, businessUid: string): Promise<boolean> {
  const row = await db
    .selectFrom("installations")
    .select("app_id")
    .where("app_id", "=", appId)
    .where("business_uid", "=", businessUid)
    .executeTakeFirst();
  return row !== undefined;
}

/** The business a request acts on: the token's own, or the one named (which must have the app). */
export async function businessForApp(
  { db }: Reader,
  scope: AppScope,
  requested: string | undefined,
  field = "business_uid",
): Promise<string> {
  if (scope.businessUid) {
    if (requested && requested !== scope.businessUid) throw notFound("business", field);
    // A token outlives an uninstall; the installation is what grants access.
    if (!(await isInstalled({ db }, scope.appId, scope.businessUid))) throw notFound("business", field);
    return scope.businessUid;
  }
  if (!requested) {
    throw new AppError({
      code: "missing_field",
      field,
      message: `${field} (or the x-on-behalf-of header) is required`,
    });
  }
  if (!(await isInstalled({ db }, scope.appId, requested))) {
    throw new AppError({
      code: "not_found",
      field,
      message: "business not found, or the app is not installed there",
    });
  }
  return requested;
}

export async function channelForApp(
  { db }: Reader,
  scope: AppScope,
  channelUid: string,
  field = "channel_uid",
): Promise<ChannelRow> {
  const channel = await channelInScope.load(db, {
    channelUid,
    appId: scope.appId,
    businessUid: scope.businessUid,
  });
  if (!channel) throw notFound("channel", field);
  return channel;
}

/** The channel and the installation that lets the app reach its business, in one query. */
const installedChannel = (db: Kysely<Database>) =>
  db
    .selectFrom("channels")
    .innerJoin("installations", (join) =>
      join
        .onRef("installations.business_uid", "=", "channels.business_uid")
        .onRef("installations.app_id", "=", "channels.app_id"),
    )
    .selectAll("channels");

const channelOfApp = prepare<{ channelUid: string; appId: string }>()((db, value) =>
  installedChannel(db)
    .where("channels.uid", "=", value("channelUid"))
    .where("channels.app_id", "=", value("appId")),
);

/** For a token bound to one business. */
const channelOfBusiness = prepare<{ channelUid: string; appId: string; businessUid: string }>()((db, value) =>
  installedChannel(db)
    .where("channels.uid", "=", value("channelUid"))
    .where("channels.app_id", "=", value("appId"))
    .where("channels.business_uid", "=", value("businessUid")),
);

/** PostgreSQL only (an array parameter): the channels of concurrent requests, in one statement. */
const installedChannelsAmong = prepare<{ channelUids: string[] }>()((db, value) =>
  installedChannel(db).where("channels.uid", "=", anyOf<string>(value("channelUids"))),
);

type ChannelKey = { channelUid: string } & AppScope;

const channelInScope = new BatchedLookup<ChannelKey, ChannelRow>({
  one: (db, { channelUid, appId, businessUid }) =>
    businessUid
      ? channelOfBusiness.first(db, { channelUid, appId, businessUid })
      : channelOfApp.first(db, { channelUid, appId }),
  many: (db, keys) => installedChannelsAmong.all(db, { channelUids: keys.map((key) => key.channelUid) }),
  // The batched statement reads every app's channels by uid: the scope is checked here.
  matches: (key, row) =>
    row.uid === key.channelUid &&
    row.app_id === key.appId &&
    (!key.businessUid || row.business_uid === key.businessUid),
  keyOf: ({ channelUid, appId, businessUid }) => `${channelUid} ${appId} ${businessUid ?? ""}`,
});

export async function sessionForApp(
  { db }: Reader,
  scope: AppScope,
  sessionUid: string,
  field = "session_uid",
): Promise<{ session: SessionRow; channel: ChannelRow }> {
  const session = await db
    .selectFrom("sessions")
    .selectAll()
    .where("uid", "=", sessionUid)
    .executeTakeFirst();
  if (!session) throw notFound("session", field);
  try {
    const channel = await channelForApp({ db }, scope, session.channel_uid, field);
    return { session, channel };
  } catch {
    throw notFound("session", field);
  }
}
