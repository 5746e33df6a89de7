import { ConfigError, httpUrl, required } from "./config.js";
import { registerBookingTool } from "./setup.js";

/* `npm run setup`: registers the tool and installs it on a business; prints the environment it needs. */

try {
  const registration = await registerBookingTool({
    tandemUrl: httpUrl("TANDEM_URL", required(process.env, "TANDEM_URL", "where Tandem runs")),
    directoryToken: required(process.env, "TANDEM_DIRECTORY_TOKEN", "the operator's directory token"),
    businessUid: required(process.env, "TANDEM_BUSINESS_UID", "the business to install the tool on"),
  });
  process.stderr.write(
    `registered and installed ${registration.appCodeName}; add these to the tool's environment:\n`,
  );
  for (const [name, value] of Object.entries(registration.env)) process.stdout.write(`${name}=${value}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
