import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadFarm } from './farm';
import { SimulatedFaults, validateFaults } from './faults';
import { startIisSimulator } from './server';

const DEFAULT_PORT = 55539;
const TOKEN_ENVIRONMENT_VARIABLE = 'IIS_SIMULATOR_TOKEN';

const HELP = `Usage: npx tsx dev/simulator/cli.ts --farm DIR --token TOKEN [options]

Serves every <DIR>/<host>/applicationHost.config as a simulated IIS Administration API server at
https://127.0.0.1:PORT/<host>, with a self-signed certificate made at start.

Options:
  --farm DIR              Folder with one subfolder per server (required), e.g. fixtures/farm.
  --token TOKEN           Access token clients must send as "Access-Token: Bearer TOKEN".
                          Defaults to the ${TOKEN_ENVIRONMENT_VARIABLE} environment variable.
  --port PORT             TCP port on 127.0.0.1 (default ${DEFAULT_PORT}, the service's default;
                          0 picks a free port).
  --cert-out FILE         Write the certificate (PEM, without its private key) to FILE, for a
                          client's CA file setting.
  --numbers-as-strings    Send numbers and booleans as strings, as the API documentation shows.
  --require-windows-auth  Answer every request with 401 Negotiate,NTLM, like a server that still
                          requires Windows authentication.
  --faults HOST=JSON      Fault switches of one server as a JSON object, for example
                          'web02.corp.example={"latencyMs":2000}' or '...={"status":503}'.
                          Switches: latencyMs, hang, reset, status, htmlBody, truncatedJson,
                          hugeBodyBytes, wrongCertificate, failNext. Repeat for more servers.
  --help                  Print this help.

Stop with Ctrl+C.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      farm: { type: 'string' },
      token: { type: 'string' },
      port: { type: 'string' },
      'cert-out': { type: 'string' },
      'numbers-as-strings': { type: 'boolean', default: false },
      'require-windows-auth': { type: 'boolean', default: false },
      faults: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });

  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!values.farm) {
    throw new UsageError('--farm is missing. Pass the folder that contains one subfolder per server.');
  }
  const token = values.token ?? process.env[TOKEN_ENVIRONMENT_VARIABLE];
  if (!token) {
    throw new UsageError(`--token is missing. Pass it, or set ${TOKEN_ENVIRONMENT_VARIABLE}.`);
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? String(DEFAULT_PORT)) || port > 65535) {
    throw new UsageError(`--port "${values.port}" is invalid. Use 0 for a free port, or 1-65535.`);
  }

  const faultsByHost = parseFaultOptions(values.faults);

  const farmDir = path.resolve(values.farm);
  const servers = await loadFarm(farmDir, { certificates: true });
  for (const [host, { name }] of faultsByHost) {
    if (!servers.some(server => server.host.toLowerCase() === host)) {
      throw new UsageError(`--faults names "${name}", which is not a server in ${farmDir}.`);
    }
  }
  const simulator = await startIisSimulator({
    servers: servers.map(server => ({
      ...server,
      options: { ...server.options, ...faultsByHost.get(server.host.toLowerCase())?.faults },
    })),
    accessToken: token,
    port,
    numbersAsStrings: values['numbers-as-strings'],
    requireWindowsAuth: values['require-windows-auth'],
  });

  console.log(`IIS Administration API simulator: ${servers.length} servers from ${farmDir}`);
  for (const server of servers) {
    const warnings = server.reading.warnings.length;
    const suffix = warnings > 0 ? ` (${warnings} warnings in applicationHost.config)` : '';
    const faults = faultsByHost.get(server.host.toLowerCase())?.faults;
    const faultText = faults ? ` faults ${JSON.stringify(faults)}` : '';
    console.log(`  ${server.host}  ${simulator.url(server.host)}${suffix}${faultText}`);
  }
  console.log(`Certificate SHA-256 fingerprint: ${simulator.certificateFingerprint}`);
  if (values['cert-out']) {
    const certificateFile = path.resolve(values['cert-out']);
    simulator.writeCertificate(certificateFile);
    console.log(`Certificate written to ${certificateFile}`);
  }
  console.log('Press Ctrl+C to stop.');

  const stop = (signal: string) => {
    console.log(`Received ${signal}, stopping.`);
    simulator.stop().then(
      () => process.exit(0),
      error => {
        console.error('Stopping the simulator failed:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

class UsageError extends Error {}

/** Parses the `--faults HOST=JSON` values into validated switches by host in lower case. */
function parseFaultOptions(values: string[]): Map<string, { name: string; faults: SimulatedFaults }> {
  const faultsByHost = new Map<string, { name: string; faults: SimulatedFaults }>();
  for (const value of values) {
    const separator = value.indexOf('=');
    const name = separator === -1 ? '' : value.slice(0, separator);
    if (name === '') {
      throw new UsageError(`--faults "${value}" is invalid. Write HOST=JSON, for example web02.corp.example={"status":503}.`);
    }
    let faults: unknown;
    try {
      faults = JSON.parse(value.slice(separator + 1));
    } catch (error) {
      throw new UsageError(`--faults for "${name}" is not valid JSON (${(error as Error).message}).`);
    }
    if (typeof faults !== 'object' || faults === null || Array.isArray(faults)) {
      throw new UsageError(`--faults for "${name}" must be a JSON object, such as {"latencyMs":2000}.`);
    }
    try {
      validateFaults(name, faults as SimulatedFaults);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (faultsByHost.has(name.toLowerCase())) {
      throw new UsageError(`--faults names "${name}" twice. Put all its switches in one JSON object.`);
    }
    faultsByHost.set(name.toLowerCase(), { name, faults: faults as SimulatedFaults });
  }
  return faultsByHost;
}

main().catch(error => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(error as Error).message}\nRun with --help for the options.`);
    process.exit(2);
  }
  console.error(`The IIS simulator failed to start: ${(error as Error).message}`);
  process.exit(1);
});
