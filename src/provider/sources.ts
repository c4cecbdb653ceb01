import fs from 'fs/promises';
import path from 'path';
import type { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { IisServerConfig } from '../config';
import { IisApiClient } from '../iis/api';
import { parseApplicationHostConfig } from '../iis/file';
import { IisServerReading } from '../iis/model';
import { FileReadError, fileReadError } from './fileErrors';

/**
 * The largest applicationHost.config read. By estimate a site with a few bindings takes under
 * 2 KB, so this leaves room for tens of thousands of sites; a larger file is likely something else.
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

  constructor(readonly host: string, api: NonNullable<IisServerConfig['api']>, deps: ServerSourceDeps) {
    this.location = api.url;
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

  read(signal?: AbortSignal): Promise<IisServerReading> {
    return this.client.readServer({ signal });
  }

  close(): void {
    this.client.close();
  }
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
