import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION } from '@backstage/catalog-model';
import { IisServerReading } from '../iis/model';
import { ANNOTATION_PROVIDER, ANNOTATION_SERVER, ANNOTATION_SOURCE } from './annotations';
import type { TransformOptions } from './transform';

/** Builds the annotations every entity of this module carries: locations, provider, server and source. */
export function commonAnnotations(reading: IisServerReading, location: string, options: TransformOptions): Record<string, string> {
  return {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [ANNOTATION_PROVIDER]: options.providerId,
    [ANNOTATION_SERVER]: reading.host,
    [ANNOTATION_SOURCE]: reading.source,
  };
}
