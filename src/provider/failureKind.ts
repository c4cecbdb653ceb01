import { ApplicationHostConfigError } from '../iis/file';

/**
 * Classifies a read failure into a short, stable kind for `iis.net/read-error`: the message may
 * change from run to run (timings, addresses), the kind changes only when the failure does.
 */
export function failureKind(error: unknown): string {
  const kind = (error as { kind?: unknown })?.kind;
  if (typeof kind === 'string' && kind !== '') {
    return kind;
  }
  if (error instanceof ApplicationHostConfigError) {
    return 'invalid-file';
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || (error as { name?: string })?.name === 'NotFoundError') {
    return 'file-missing';
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return 'file-access';
  }
  if ((error as { name?: string })?.name === 'AbortError') {
    return 'cancelled';
  }
  return 'error';
}
