import { startBookingTool } from "./booking-tool.js";
import { BookingsError, readBookings } from "./bookings.js";
import { ConfigError, loadConfig } from "./config.js";

/* `npm start`: reminds every booking's client, then prints their replies until stopped. */

try {
  const config = loadConfig(process.env);
  const bookings = await readBookings(config.bookingsPath);
  const tool = await startBookingTool(config, bookings, (line) => process.stdout.write(`${line}\n`));
  process.stderr.write(`listening for replies at ${tool.url}; Ctrl-C stops\n`);
  const stop = () => {
    void tool.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError || error instanceof BookingsError ? 2 : 1);
}
