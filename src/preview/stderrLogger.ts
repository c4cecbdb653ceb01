import type { LoggerService } from '@backstage/backend-plugin-api';
import { describeError } from '../provider/runSummary';

/**
 * Creates a logger for the command line: warnings and errors go to `write` as `warning: ...` and
 * `error: ...` lines, info and debug are dropped. Before each line `beforeWrite` runs, so the
 * progress bar can clear itself. The sources never pass a token to the logger, and this logger
 * prints only the message and the error's message, not other metadata.
 */
export function createStderrLogger(write: (text: string) => void, beforeWrite: () => void = () => {}): LoggerService {
  const print = (level: string, message: string, meta?: unknown) => {
    beforeWrite();
    const detail = meta instanceof Error ? `: ${describeError(meta)}` : '';
    write(`${level}: ${message}${detail}\n`);
  };
  const logger: LoggerService = {
    error: (message, meta) => print('error', message, meta),
    warn: (message, meta) => print('warning', message, meta),
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}
