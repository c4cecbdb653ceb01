/**
 * Raised when an input cannot be read as an applicationHost.config file at all: it is not XML,
 * it lacks the `configuration` root or the `system.applicationHost` section, or a `configSource`
 * file is missing or invalid. Problems inside a valid file go into the reading's warnings instead.
 */
export class ApplicationHostConfigError extends Error {
  /** The path or URL of the file, as the caller gave it. */
  readonly location: string;

  constructor(location: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApplicationHostConfigError';
    this.location = location;
  }
}
