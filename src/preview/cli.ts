import { parseArgs } from 'node:util';
import type { Config } from '@backstage/config';
import { IisConfigError, IisProviderConfig, readProviderConfigs } from '../config';
import { describeError } from '../provider/runSummary';
import { HELP, COMMAND } from './help';
import { ConfigLoadError, loadBackstageConfig } from './loadConfig';
import { allEntities, formatEntitiesYaml, formatPreviewJson } from './output';
import { previewProviders, ProviderPreview } from './previewProviders';
import { ProgressBar, ProgressStream } from './progressBar';
import { createStderrLogger } from './stderrLogger';
import { formatPreviewTables } from './tables';
import { setUpUrlReader } from './urlReader';
import { formatWarnings } from './warnings';

export const EXIT_OK = 0;
/** Some server could not be read, but the others were still previewed. */
export const EXIT_SERVER_FAILED = 1;
export const EXIT_USAGE = 2;

const OUTPUT_FORMATS = ['table', 'yaml', 'json'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The command's output streams and the environment that `${VAR}` reads: `process` in real use. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
}

class UsageError extends Error {}

/** Runs the command line `args` (without `node` and the script) and returns the exit status. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`error: ${message}\n`);
    return EXIT_USAGE;
  };

  let options: { configFiles: string[]; output: OutputFormat } | 'help';
  try {
    options = parseCommandLine(args);
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      return fail(`${describeError(error)}\nRun "${COMMAND} --help" to see the commands and options.`);
    }
    throw error;
  }
  if (options === 'help') {
    io.stdout.write(`${HELP}\n`);
    return EXIT_OK;
  }

  let config: Config;
  let providers: IisProviderConfig[];
  try {
    config = await loadBackstageConfig(options.configFiles, io.env);
    providers = readProviderConfigs(config);
  } catch (error) {
    if (error instanceof ConfigLoadError || error instanceof IisConfigError) {
      return fail(error.message);
    }
    throw error;
  }
  if (providers.length === 0) {
    return fail(
      'the config has no IIS providers: add at least one under catalog.providers.iis, with owner and servers, as the README shows',
    );
  }

  const previews = await readAll(config, providers, io);
  writeOutput(previews, options.output, io);
  io.stderr.write(formatWarnings(previews));
  io.stderr.write(`${summarize(previews)}\n`);
  const failed = previews.some(preview => preview.servers.some(server => server.state === 'failed'));
  return failed ? EXIT_SERVER_FAILED : EXIT_OK;
}

function parseCommandLine(args: string[]): { configFiles: string[]; output: OutputFormat } | 'help' {
  const [command, ...rest] = args;
  if (command === undefined) {
    throw new UsageError('a command is missing: the only command is preview');
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    return 'help';
  }
  if (command !== 'preview') {
    throw new UsageError(`unknown command "${command}": the only command is preview`);
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      config: { type: 'string', multiple: true, default: [] },
      output: { type: 'string', default: 'table' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    return 'help';
  }
  const output = values.output as OutputFormat;
  if (!OUTPUT_FORMATS.includes(output)) {
    throw new UsageError(`--output "${values.output}" is invalid: use table, yaml or json`);
  }
  const empty = values.config.find(file => file.trim() === '');
  if (empty !== undefined) {
    throw new UsageError('--config needs the path of a config file, not an empty value');
  }
  return { configFiles: values.config, output };
}

async function readAll(config: Config, providers: IisProviderConfig[], io: CliIo): Promise<ProviderPreview[]> {
  const total = providers.reduce((sum, provider) => sum + provider.servers.length, 0);
  const progress = new ProgressBar(io.stderr, total);
  const logger = createStderrLogger(
    text => {
      io.stderr.write(text);
      progress.draw();
    },
    () => progress.clear(),
  );
  const { urlReader, problem } = setUpUrlReader(config, logger, providers);
  if (problem) {
    logger.warn(problem);
  }
  progress.draw();
  try {
    return await previewProviders(providers, {
      logger,
      urlReader,
      onServerDone: result => progress.tick(result.reading === undefined),
    });
  } finally {
    progress.clear();
  }
}

function writeOutput(previews: ProviderPreview[], output: OutputFormat, io: CliIo): void {
  if (output === 'yaml') {
    io.stdout.write(formatEntitiesYaml(allEntities(previews)));
  } else if (output === 'json') {
    io.stdout.write(formatPreviewJson(previews));
  } else {
    io.stdout.write(formatPreviewTables(previews));
  }
}

function summarize(previews: ProviderPreview[]): string {
  const servers = previews.flatMap(preview => preview.servers);
  const read = servers.filter(server => server.state === 'read');
  const sites = read.reduce((sum, server) => sum + server.sites, 0);
  const entities = allEntities(previews).length;
  return `Read ${read.length} of ${servers.length} IIS servers (${sites} sites): ${entities} entities would be emitted`;
}
