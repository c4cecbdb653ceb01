import fs from 'fs/promises';
import path from 'path';
import type { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { IisServerConfig } from '../config';
import { IisApiClient } from '../iis/api';
import { parseApplicationHostConfig } from '../iis/file';
import { IisServerReading } from '../iis/model';
import { FileReadError, fileReadError } from './fileErrors';

/**
 * Maximum size of an applicationHost.config. By estimate a site with a few bindings takes under
 * 2 KB, so this leaves room for tens of thousands of sites. A larger file is likely something else.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

function checkSize(location: string, bytes: number) {
  if (bytes > MAX_FILE_BYTES) {
    throw new FileReadError(
      `${location} is ${(bytes / 1048576).toFixed(1)} MiB, more than the ${MAX_FILE_BYTES / 1048576} MiB an applicationHost.config may have: check that the path names the right file`,
      'too-large',
    );
  }
}

/** One configured server, able to produce a fresh reading of itself. */
export interface ServerSource {
  readonly host: string;
  /** Where the server is read from, safe to log: the API base URL or the file's path or URL. */
  readonly location: string;
  /** Reads the server once; `signal` cancels the read when the run's deadline passes. */
  read(signal?: AbortSignal): Promise<IisServerReading>;
  close(): void;
}

export interface ServerSourceDeps {
  logger: LoggerService;
  urlReader?: UrlReaderService;
}

/** Creates the source of one configured server. */
export function createServerSource(server: IisServerConfig, deps: ServerSourceDeps): ServerSource {
  if (server.api) {
    return new ApiServerSource(server.host, server.api, deps);
  }
  return new FileServerSource(server.host, server.applicationHostConfig!, deps);
}

class ApiServerSource implements ServerSource {
  readonly location: string;
  private readonly client: IisApiClient;
  private readonly accessTokenFile?: string;

  constructor(readonly host: string, api: NonNullable<IisServerConfig['api']>, deps: ServerSourceDeps) {
    this.location = api.url;
    this.accessTokenFile = api.accessTokenFile;
    this.client = new IisApiClient(
      {
        host,
        url: api.url,
        accessToken: api.accessToken,
        caFile: api.caFile,
        certificateFingerprint: api.certificateFingerprint,
        timeoutMs: api.timeoutMs,
        readApplications: api.readApplications,
        windowsAuthentication: api.windowsAuthentication,
      },
      { logger: deps.logger },
    );
  }

  async read(signal?: AbortSignal): Promise<IisServerReading> {
    if (this.accessTokenFile === undefined) {
      return this.client.readServer({ signal });
    }
    const accessToken = await readAccessTokenFile(this.accessTokenFile, signal);
    return this.client.readServer({ signal, accessToken });
  }

  close(): void {
    this.client.close();
  }
}

/**
 * Reads a token file, trimmed, for one read. Errors name the file and never quote its content.
 */
export async function readAccessTokenFile(file: string, signal?: AbortSignal): Promise<string> {
  let content: string;
  try {
    content = await fs.readFile(file, { encoding: 'utf8', signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      throw error;
    }
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new FileReadError(
      `access token file ${file} could not be read (${code}): check that it exists where Backstage runs and that the Backstage process may read it`,
      'token-file',
    );
  }
  const token = content.trim();
  if (token === '') {
    throw new FileReadError(`access token file ${file} is empty: write the token into it`, 'token-file');
  }
  // The token travels in an HTTP header, where spaces, control and non-ASCII characters are invalid.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new FileReadError(
      `access token file ${file} contains spaces, control or non-ASCII characters inside the token: write the token alone on one line`,
      'token-file',
    );
  }
  return token;
}

class FileServerSource implements ServerSource {
  constructor(readonly host: string, readonly location: string, private readonly deps: ServerSourceDeps) {}

  async read(signal?: AbortSignal): Promise<IisServerReading> {
    const xml = await this.readLocation(this.location, signal);
    return parseApplicationHostConfig(xml, {
      host: this.host,
      location: this.location,
      readConfigSource: relativePath => this.readLocation(this.resolveSideFile(relativePath), signal),
    });
  }

  close(): void {}

  private isUrl(): boolean {
    return /^https?:\/\//i.test(this.location);
  }

  /** Resolves a `configSource` file relative to the main file, the way IIS does. */
  private resolveSideFile(relativePath: string): string {
    if (this.isUrl()) {
      return new URL(relativePath.replace(/\\/g, '/'), this.location).toString();
    }
    return path.resolve(path.dirname(this.location), relativePath.replace(/\\/g, '/'));
  }

  private async readLocation(location: string, signal?: AbortSignal): Promise<Buffer> {
    try {
      return await this.readBytes(location, signal);
    } catch (error) {
      throw fileReadError(location, error);
    }
  }

  private async readBytes(location: string, signal?: AbortSignal): Promise<Buffer> {
    if (!/^https?:\/\//i.test(location)) {
      const stats = await fs.stat(location);
      if (stats.isDirectory()) {
        throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      }
      checkSize(location, stats.size);
      return fs.readFile(location, { signal });
    }
    if (!this.deps.urlReader) {
      throw new Error(`cannot read ${location}: no UrlReaderService is available to read URLs`);
    }
    const response = await this.deps.urlReader.readUrl(location, { signal });
    const buffer = await response.buffer();
    checkSize(location, buffer.length);
    return buffer;
  }
}
