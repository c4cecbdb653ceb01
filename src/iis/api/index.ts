export { IisApiClient } from './IisApiClient';
export { IisApiError } from './IisApiError';
export type { IisApiErrorKind } from './IisApiError';
export type { IisApiLogger, IisApiServerOptions } from './types';
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS } from './types';
