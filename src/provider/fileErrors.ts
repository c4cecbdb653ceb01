/** An error from reading an applicationHost.config, with a stable `kind` and the fix in its message. */
export class FileReadError extends Error {
  constructor(message: string, readonly kind: string) {
    super(message);
    this.name = 'FileReadError';
  }
}

/** Turns a file system or URL reader error into a message that names what to check. */
export function fileReadError(location: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException)?.code;
  const name = (error as Error)?.name;
  if (code === 'ENOENT' || name === 'NotFoundError') {
    return new FileReadError(
      `${location} was not found: check the path, and that the share or volume holding it is mounted where Backstage runs`,
      'file-missing',
    );
  }
  if (code === 'EISDIR') {
    return new FileReadError(`${location} is a folder: give the path of the applicationHost.config file inside it`, 'invalid-file');
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new FileReadError(`${location} cannot be read by the Backstage process (${code}): grant it read access`, 'file-access');
  }
  return error instanceof Error ? error : new Error(String(error));
}
