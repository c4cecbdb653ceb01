import type { Config } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';

/** A config file that cannot be loaded; the command reports it as a config error. */
export class ConfigLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigLoadError';
  }
}

/**
 * Loads config as the Backstage backend's root config service does (`ConfigSources.default` of
 * `@backstage/config-loader`): the `--config` files merged in order, later ones overriding
 * earlier ones, `${VAR}` substitution, `$file`, `$env` and `$include`, and `APP_CONFIG_*`
 * environment variables. Without files it reads `app-config.yaml` and `app-config.local.yaml`
 * of the workspace root, as the backend does. Files are read once and not watched.
 */
export async function loadBackstageConfig(files: string[], env: Record<string, string | undefined>): Promise<Config> {
  const urls = files.filter(file => /^[a-z][a-z0-9+.-]*:\/\/./i.test(file));
  if (urls.length > 0) {
    throw new ConfigLoadError(
      `--config ${urls[0]} is a URL, but the preview reads local config files only: download the file and pass its path`,
    );
  }
  const argv = files.flatMap(file => ['--config', file]);
  try {
    // The same substitution as the loader's default, but from `env`, so tests need not change process.env.
    const substitutionFunc = async (name: string) => env[name]?.trim();
    const source = ConfigSources.default({ argv, env, watch: false, substitutionFunc });
    const config = await ConfigSources.toConfig(source);
    config.close();
    return config;
  } catch (error) {
    // Only the first line: YAML syntax errors go on with an excerpt of the file, which may hold a secret.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/:$/, '');
    const from = files.length === 0 ? 'app-config.yaml of the workspace root (pass your files with --config FILE)' : files.join(', ');
    throw new ConfigLoadError(`Failed to load the config from ${from}: ${message}`);
  }
}
