/**
 * Backstage catalog backend module for Microsoft IIS.
 *
 * @packageDocumentation
 */
export { catalogModuleIis as default } from './module';
export { IisEntityProvider, providerName, refreshTaskId } from './provider/IisEntityProvider';
export type { IisEntityProviderDeps } from './provider/IisEntityProvider';
export { readingToEntities } from './entities';
export type { TransformOptions } from './entities';
export { IisConfigError } from './config';
export type { IisProviderConfig, IisServerConfig, IisApiSourceConfig } from './config';
export type * from './iis/model';
