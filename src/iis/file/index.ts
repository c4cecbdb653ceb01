export { parseApplicationHostConfig } from './parseApplicationHostConfig';
export type { ParseApplicationHostConfigOptions } from './parseApplicationHostConfig';
export type { ConfigSourceReader } from './configSource';
export { ApplicationHostConfigError } from './errors';
