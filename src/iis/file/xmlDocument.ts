import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ApplicationHostConfigError } from './errors';

/** One XML element with its attributes and child elements in document order. Text is dropped. */
export interface XmlElement {
  name: string;
  /** Attribute values after XML decoding, keyed by attribute name. */
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
}

/** The node shape that fast-xml-parser returns with `preserveOrder: true`. */
type OrderedNode = { [name: string]: OrderedNode[] | string } & { ':@'?: Record<string, string> };

// Entities are left unexpanded (`processEntities: false`), so a DOCTYPE cannot define entities that
// expand. The predefined XML entities and character references are decoded by decodeAttributeValue.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
});

const VALIDATION_ERROR_DESCRIPTIONS: Record<string, string> = {
  InvalidTag: 'an invalid or unclosed tag',
  InvalidAttr: 'an invalid attribute',
  InvalidChar: 'an unexpected character',
  InvalidXml: 'an invalid document structure',
};

/**
 * Decodes file bytes as text. Without a byte order mark the bytes must be UTF-8. A UTF-8 or UTF-16
 * byte order mark selects the encoding and is removed. Invalid bytes raise an
 * ApplicationHostConfigError.
 */
export function decodeConfigText(input: string | Buffer, location: string): string {
  if (typeof input === 'string') {
    return input.startsWith('\uFEFF') ? input.slice(1) : input;
  }

  let encoding = 'utf-8';
  if (input[0] === 0xff && input[1] === 0xfe) {
    encoding = 'utf-16le';
  } else if (input[0] === 0xfe && input[1] === 0xff) {
    encoding = 'utf-16be';
  }
  try {
    // TextDecoder removes the byte order mark of the encoding it decodes.
    return new TextDecoder(encoding, { fatal: true }).decode(input);
  } catch (error) {
    throw new ApplicationHostConfigError(
      location,
      `${location} is not an applicationHost.config file: it is not valid ${encoding.toUpperCase()} text`,
      { cause: error },
    );
  }
}

/**
 * Parses XML text and returns its root element. Raises an ApplicationHostConfigError naming the
 * location when the text is not well-formed XML. The message gives the line and column but never
 * the parser's own text, because that can quote attribute values such as encrypted passwords.
 */
export function parseXmlDocument(text: string, location: string): XmlElement {
  if (text.trim() === '') {
    throw new ApplicationHostConfigError(location, `${location} is not an applicationHost.config file: it is empty`);
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    throw new ApplicationHostConfigError(
      location,
      `${location} is not an applicationHost.config file: it is not well-formed XML (${describeValidationError(validation.err)})`,
    );
  }

  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text) as OrderedNode[];
  } catch {
    // The parser rejects element names such as `constructor` that well-formed XML allows.
    throw new ApplicationHostConfigError(
      location,
      `${location} is not an applicationHost.config file: its XML could not be parsed`,
    );
  }

  // The validator accepts several self-closing root elements, so the count is checked here.
  const roots = nodes.map(toElement).filter((element): element is XmlElement => element !== undefined);
  if (roots.length !== 1) {
    throw new ApplicationHostConfigError(
      location,
      `${location} is not an applicationHost.config file: it is not well-formed XML (it has ${roots.length} root elements instead of one)`,
    );
  }
  return roots[0];
}

/** Describes a validation error by its kind and position only, without the validator's message text. */
function describeValidationError(error: { code: string; msg: string; line: number; col?: number }): string {
  // Elements still open at the end of the input are reported at line 1 with a list of their names.
  if (error.code === 'InvalidXml' && error.msg.startsWith("Invalid '[")) {
    return 'elements are not closed at the end of the file, which may be truncated';
  }
  const description = VALIDATION_ERROR_DESCRIPTIONS[error.code] ?? 'a syntax error';
  const position = error.col === undefined ? `line ${error.line}` : `line ${error.line}, column ${error.col}`;
  return `${description} at ${position}`;
}

/** Returns the child elements of `parent`, only those named `name` when it is given. */
export function childElements(parent: XmlElement | undefined, name?: string): XmlElement[] {
  if (!parent) {
    return [];
  }
  return name === undefined ? parent.children : parent.children.filter((child) => child.name === name);
}

/** Returns the first child element named `name`. */
export function firstChildElement(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return parent?.children.find((child) => child.name === name);
}

/** Returns an attribute value, or undefined when the element or the attribute is absent. */
export function attributeOf(element: XmlElement | undefined, name: string): string | undefined {
  if (!element || !Object.prototype.hasOwnProperty.call(element.attributes, name)) {
    return undefined;
  }
  return element.attributes[name];
}

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (name === undefined || name.startsWith('#')) {
    return undefined;
  }

  const attributes: Record<string, string> = Object.create(null);
  for (const [attributeName, rawValue] of Object.entries(node[':@'] ?? {})) {
    attributes[attributeName] = decodeAttributeValue(rawValue);
  }

  const content = node[name];
  const children = Array.isArray(content)
    ? content.map(toElement).filter((child): child is XmlElement => child !== undefined)
    : [];
  return { name, attributes, children };
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Applies XML attribute-value normalization: literal tabs and line breaks become spaces, then
 * character references and the five predefined entities are decoded. Other entity references stay
 * as written, because entities declared in a DOCTYPE are never expanded.
 */
function decodeAttributeValue(raw: string): string {
  const normalized = raw.replace(/\r\n|[\t\n\r]/g, ' ');
  return normalized.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (reference: string, body: string) => {
    if (body.startsWith('#')) {
      const codePoint = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : reference;
    }
    return PREDEFINED_ENTITIES[body] ?? reference;
  });
}
