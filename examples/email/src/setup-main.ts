import { ConfigError, publicUrlOf } from "./config.js";
import { registerEmailApp } from "./setup.js";

/* `npm run setup`: registers the connector and installs it on a business; prints the environment it needs. */

const need = (name: string, what: string) => {
  const value = process.env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is required: ${what}`);
  return value;
};

try {
  const registration = await registerEmailApp({
    tandemUrl: need("TANDEM_URL", "where Tandem runs").replace(/\/+$/, ""),
    directoryToken: need("TANDEM_DIRECTORY_TOKEN", "the operator's directory token"),
    businessUid: need("TANDEM_BUSINESS_UID", "the business to install the channel on"),
    publicUrl: publicUrlOf(process.env),
  });
  process.stderr.write(
    `registered and installed ${registration.appCodeName}; add these to the connector's environment:\n`,
  );
  for (const [name, value] of Object.entries(registration.env)) process.stdout.write(`${name}=${value}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
