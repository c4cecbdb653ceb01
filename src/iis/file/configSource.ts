import { ApplicationHostConfigError } from './errors';
import { attributeOf, decodeConfigText, parseXmlDocument, XmlElement } from './xmlDocument';

/** Reads a `configSource` file, given its path relative to the main file with `/` separators. */
export type ConfigSourceReader = (relativePath: string) => Promise<string | Buffer>;

/**
 * Returns the element that contains a section's content: the section element itself, or the root
 * element of the file its `configSource` attribute names. Raises an ApplicationHostConfigError
 * when that file cannot be read or is not the expected section.
 */
export async function loadSectionContent(
  section: XmlElement,
  location: string,
  readConfigSource: ConfigSourceReader | undefined,
  warnings: string[],
): Promise<XmlElement> {
  const configSource = attributeOf(section, 'configSource');
  if (configSource === undefined) {
    return section;
  }

  const relativePath = checkRelativePath(configSource, section.name, location);
  if (section.children.length > 0) {
    warnings.push(
      `The <${section.name}> section sets configSource="${configSource}" and also has content of its own; only the configSource file is read.`,
    );
  }
  if (!readConfigSource) {
    throw new ApplicationHostConfigError(
      location,
      `${location}: the <${section.name}> section is stored in "${configSource}" (configSource), but no reader for configSource files was given`,
    );
  }

  const sourceLocation = `${location} (configSource "${configSource}")`;
  let content: string | Buffer;
  try {
    content = await readConfigSource(relativePath);
  } catch (error) {
    throw new ApplicationHostConfigError(
      location,
      `${location}: the configSource file "${configSource}" of the <${section.name}> section could not be read: ${describe(error)}`,
      { cause: error },
    );
  }

  const root = parseXmlDocument(decodeConfigText(content, sourceLocation), sourceLocation);
  if (root.name !== section.name) {
    throw new ApplicationHostConfigError(
      location,
      `${location}: the configSource file "${configSource}" has the root element <${root.name}>, but the <${section.name}> section was expected`,
    );
  }
  return root;
}

/**
 * Returns the path with `/` separators. Rejects empty, absolute and parent-directory paths, so a
 * file cannot point the reader outside the main file's folder.
 */
function checkRelativePath(configSource: string, sectionName: string, location: string): string {
  const relativePath = configSource.trim().replace(/\\/g, '/');
  const segments = relativePath.split('/');
  const isAbsolute = relativePath.startsWith('/') || /^[A-Za-z]:/.test(relativePath) || relativePath.includes('://');
  if (relativePath === '' || isAbsolute || segments.includes('..')) {
    throw new ApplicationHostConfigError(
      location,
      `${location}: the <${sectionName}> section has configSource "${configSource}", but configSource must be a file path relative to the main file, inside its folder`,
    );
  }
  return relativePath;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
