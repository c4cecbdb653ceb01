export { IisApiClient } from './IisApiClient';
export { IIS_API_ERROR_KINDS, IisApiError } from './IisApiError';
export type { IisApiErrorKind } from './IisApiError';
export type { IisApiLogger, IisApiServerOptions, WindowsAuthenticationOptions } from './types';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RETRIES,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
} from './types';
