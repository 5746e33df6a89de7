import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BookingsError, parseBookings } from "../src/bookings.js";
import { ConfigError, loadConfig } from "../src/config.js";

const TANDEM = {
  TANDEM_URL: "http://127.0.0.1:3000/",
  TANDEM_CLIENT_ID: "id",
  TANDEM_CLIENT_SECRET: "secret",
  TANDEM_WEBHOOK_SECRET: "whsec_x",
  TANDEM_BUSINESS_UID: "b",
};

describe("the bookings file", () => {
  it("reads each booking, optional fields left out", () => {
    const [booking] = parseBookings(
      JSON.stringify([
        { id: " b-1 ", first_name: "Ada", phone: "+31612345678", time: "at 9", service: "tea" },
      ]),
    );
    assert.deepEqual(booking, {
      id: "b-1",
      first_name: "Ada",
      last_name: null,
      phone: "+31612345678",
      time: "at 9",
      service: "tea",
      attributes: {},
    });
  });

  it("names the wrong field of the wrong booking", () => {
    const valid = { id: "b-1", first_name: "Ada", phone: "+3161", time: "at 9", service: "tea" };
    const cases: Array<[unknown, string]> = [
      ["{", "the bookings are not JSON"],
      [{}, "the bookings are a JSON array"],
      [[valid, 3], "bookings[1] is an object"],
      [[{ ...valid, phone: "" }], "bookings[0].phone is required"],
      [[{ ...valid, time: 9 }], "bookings[0].time is a string"],
      [[{ ...valid, attributes: [] }], "bookings[0].attributes is an object of strings"],
      [[{ ...valid, attributes: { plate: 1 } }], "bookings[0].attributes.plate is a string"],
      [[valid, valid], "bookings[1].id b-1 is already taken by another booking"],
    ];
    for (const [input, message] of cases) {
      const json = typeof input === "string" ? input : JSON.stringify(input);
      assert.throws(
        () => parseBookings(json),
        (error: unknown) => error instanceof BookingsError && error.message.startsWith(message),
        message,
      );
    }
  });
});

describe("the configuration", () => {
  it("takes Tandem's settings and defaults the rest", () => {
    const config = loadConfig(TANDEM);
    assert.equal(config.tandem.url, "http://127.0.0.1:3000");
    assert.deepEqual(config.tandem.webhookSecrets, ["whsec_x"]);
    assert.equal(config.channel, "best");
    assert.equal(config.port, 8030);
    assert.equal(config.publicUrl, undefined);
    assert.deepEqual(
      loadConfig({ ...TANDEM, TANDEM_WEBHOOK_SECRET_PREVIOUS: "whsec_old" }).tandem.webhookSecrets,
      ["whsec_x", "whsec_old"],
    );
  });

  it("names what is missing or wrong", () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ ...TANDEM, TANDEM_CLIENT_SECRET: " " }, /^TANDEM_CLIENT_SECRET is required/],
      [{ ...TANDEM, TANDEM_URL: "ftp://x" }, /^TANDEM_URL is an http\(s\) URL/],
      [{ ...TANDEM, REMINDERS_PORT: "80000" }, /^REMINDERS_PORT is a port number/],
      [{ ...TANDEM, REMINDERS_PUBLIC_URL: "nope" }, /^REMINDERS_PUBLIC_URL is an http\(s\) URL/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    }
  });
});
