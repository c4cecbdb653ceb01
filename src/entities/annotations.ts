/** Annotation keys this module writes. Their meaning is part of the public contract (README). */
export const ANNOTATION_SERVER = 'iis.net/server';
export const ANNOTATION_SOURCE = 'iis.net/source';
/** The id of the provider that emitted the entity, under `catalog.providers.iis`. */
export const ANNOTATION_PROVIDER = 'iis.net/provider';
/** Present while the entity's server cannot be read: when the failures began, ISO 8601 UTC. */
export const ANNOTATION_UNREADABLE_SINCE = 'iis.net/unreadable-since';
/** Present while the entity's server cannot be read: the kind of failure, such as `refused`. */
export const ANNOTATION_READ_ERROR = 'iis.net/read-error';
export const ANNOTATION_SITE_NAME = 'iis.net/site-name';
export const ANNOTATION_SITE_ID = 'iis.net/site-id';
export const ANNOTATION_STATE = 'iis.net/state';
export const ANNOTATION_APP_POOL = 'iis.net/app-pool';
export const ANNOTATION_APPLICATIONS = 'iis.net/applications';
export const ANNOTATION_BINDINGS = 'iis.net/bindings';
export const ANNOTATION_PHYSICAL_PATH = 'iis.net/physical-path';
export const ANNOTATION_RUNTIME_VERSION = 'iis.net/runtime-version';
export const ANNOTATION_PIPELINE_MODE = 'iis.net/pipeline-mode';
export const ANNOTATION_IDENTITY_TYPE = 'iis.net/identity-type';
export const ANNOTATION_IDENTITY_USERNAME = 'iis.net/identity-username';
export const ANNOTATION_START_MODE = 'iis.net/start-mode';

/** Spec types of the emitted entities. */
export const SERVER_RESOURCE_TYPE = 'iis-server';
export const POOL_RESOURCE_TYPE = 'iis-application-pool';
export const SITE_COMPONENT_TYPE = 'website';

/** Value of `iis.net/runtime-version` for pools with `managedRuntimeVersion=""`. */
export const NO_MANAGED_CODE = 'none';

/** On sites read through the API: the earliest `validTo` of their bindings' certificates, ISO 8601 UTC. */
export const ANNOTATION_CERTIFICATE_EXPIRES = 'iis.net/certificate-expires';
/** On sites read from a file that have an https binding: why no certificate facts are shown. */
export const ANNOTATION_CERTIFICATES = 'iis.net/certificates';
export const CERTIFICATES_NOT_VISIBLE_IN_FILE = 'not-visible-in-file';
