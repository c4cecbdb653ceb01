export { readProviderConfigs, CONFIG_ROOT, DEFAULT_SCHEDULE } from './readProviderConfigs';
export { IisConfigError } from './errors';
export type { IisConfigProblem } from './errors';
export type { IisProviderConfig, IisServerConfig, IisApiSourceConfig } from './types';
