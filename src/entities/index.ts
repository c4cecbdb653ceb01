export { readingToEntities, sortEntities } from './transform';
export type { TransformOptions } from './transform';
export { bindingUrl } from './links';
export * from './annotations';
