import { describe, expect, it } from 'vitest';
import { ApplicationHostConfigError, parseApplicationHostConfig } from './index';

const LOCATION = 'C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config';

function parse(xml: string | Buffer) {
  return parseApplicationHostConfig(xml, { host: 'web01.example', location: LOCATION });
}

async function captureError(xml: string | Buffer): Promise<ApplicationHostConfigError> {
  try {
    await parse(xml);
  } catch (error) {
    if (error instanceof ApplicationHostConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an ApplicationHostConfigError, but the input was read');
}

const MINIMAL_SITES = `<sites>
    <site name="Default Web Site" id="1">
        <application path="/">
            <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" />
        </application>
        <bindings>
            <binding protocol="http" bindingInformation="*:80:" />
        </bindings>
    </site>
</sites>`;

/** Inputs that are not applicationHost.config files, with the words the message must contain. */
const rejectedInputs: [description: string, input: string | Buffer, expected: string][] = [
  ['an empty file', '', 'it is empty'],
  ['a file of blank lines', '\r\n  \r\n', 'it is empty'],
  ['plain text', 'hello world', 'not well-formed XML (an unexpected character at line 1, column 1)'],
  ['JSON', '{"sites": []}', 'not well-formed XML'],
  ['a truncated file', '<configuration><system.applicationHost><sites>', 'elements are not closed at the end of the file'],
  ['a file cut inside a tag', '<configuration><system.applicationHost><sites><site name="a', 'not well-formed XML'],
  ['mismatched tags', '<configuration><sites></configuration>', 'not well-formed XML'],
  ['two root elements', '<configuration/><configuration/>', 'it has 2 root elements instead of one'],
  ['an HTML page', '<!DOCTYPE html><html><body><p>IIS Windows Server</p></body></html>', 'its root element is <html>'],
  ['a sites file without configuration', MINIMAL_SITES, 'its root element is <sites>, but <configuration> was expected'],
  ['a configuration without sections', '<configuration/>', 'has no <system.applicationHost> section'],
  [
    'a section only inside location',
    `<configuration><location path="Default Web Site"><system.applicationHost>${MINIMAL_SITES}</system.applicationHost></location></configuration>`,
    'has no <system.applicationHost> section',
  ],
  ['an element name the parser rejects', '<configuration><constructor/></configuration>', 'its XML could not be parsed'],
  ['invalid UTF-8 bytes', Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0x3e]), 'not valid UTF-8 text'],
];

describe('parseApplicationHostConfig rejects', () => {
  it.each(rejectedInputs)('%s', async (_description, input, expected) => {
    const error = await captureError(input);

    expect(error.message).toContain(`${LOCATION} is not an applicationHost.config file`);
    expect(error.message).toContain(expected);
    expect(error.location).toBe(LOCATION);
    expect(error.name).toBe('ApplicationHostConfigError');
  });

  it('keeps attribute values out of syntax errors', async () => {
    const xml = `<configuration><system.applicationHost><applicationPools>
        <add name="svc"><processModel identityType="SpecificUser" userName="CORP\\svc" password=[enc:IISWASOnlyCngProvider:c2VjcmV0:enc] /></add>
    </applicationPools></system.applicationHost></configuration>`;
    const error = await captureError(xml);

    expect(error.message).toContain('line 2');
    expect(error.message).not.toContain('enc:');
    expect(error.message).not.toContain('c2VjcmV0');
  });

  it('keeps unquoted attribute names out of syntax errors', async () => {
    const error = await captureError('<configuration><add [enc:AesProvider:c2VjcmV0:enc]="x"/></configuration>');

    expect(error.message).not.toContain('c2VjcmV0');
  });
});

describe('parseApplicationHostConfig encodings', () => {
  const xml = `<configuration><system.applicationHost>
      <sites><site name="Café Zürich" id="1"><bindings><binding protocol="http" bindingInformation="*:80:" /></bindings></site></sites>
  </system.applicationHost></configuration>`;

  it.each([
    ['a string', xml],
    ['a string with a byte order mark', `\uFEFF${xml}`],
    ['UTF-8 bytes', Buffer.from(xml, 'utf-8')],
    ['UTF-8 bytes with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, 'utf-8')])],
    ['UTF-16LE bytes with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')])],
    ['CRLF line ends', xml.replace(/\n/g, '\r\n')],
  ])('reads %s', async (_description, input) => {
    const reading = await parse(input);

    expect(reading.sites.map((site) => site.name)).toEqual(['Café Zürich']);
    expect(reading.warnings).toEqual([]);
  });

  it('returns host, source and location', async () => {
    const reading = await parse(xml);

    expect(reading.host).toBe('web01.example');
    expect(reading.source).toBe('file');
    expect(reading.location).toBe(LOCATION);
  });
});

describe('parseApplicationHostConfig XML handling', () => {
  it('never expands DOCTYPE entities', async () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE configuration [ <!ENTITY product "EXPANDED"> ]>
<configuration><system.applicationHost><sites>
    <site name="&product; site" id="1" />
</sites></system.applicationHost></configuration>`;
    const reading = await parse(xml);

    expect(reading.sites[0].name).toBe('&product; site');
  });

  it('decodes predefined entities and character references', async () => {
    const xml = `<configuration><system.applicationHost><sites>
    <site name="R&amp;D &lt;beta&gt; &quot;one&quot; &apos;two&apos; caf&#233; caf&#xE9;" id="1" />
</sites></system.applicationHost></configuration>`;
    const reading = await parse(xml);

    expect(reading.sites[0].name).toBe(`R&D <beta> "one" 'two' café café`);
  });

  it('keeps spaces inside attribute values', async () => {
    const reading = await parse('<configuration><system.applicationHost><sites><site name="  spaced  name " id="1" /></sites></system.applicationHost></configuration>');

    expect(reading.sites[0].name).toBe('  spaced  name ');
  });

  it('ignores sections inside comments', async () => {
    const xml = `<configuration><system.applicationHost>
    <!-- <applicationPools><add name="Commented" /></applicationPools> -->
    <sites>
        <!-- <site name="Commented" id="2" /> -->
        <site name="Real" id="1"><application path="/" applicationPool="Missing" /></site>
    </sites>
</system.applicationHost></configuration>`;
    const reading = await parse(xml);

    expect(reading.sites.map((site) => site.name)).toEqual(['Real']);
    expect(reading.applicationPools).toEqual([]);
    expect(reading.warnings).toEqual([]);
  });

  it('never reads sites from location elements', async () => {
    const xml = `<configuration>
    <system.applicationHost>${MINIMAL_SITES}</system.applicationHost>
    <location path="Default Web Site">
        <system.applicationHost><sites><site name="Ghost" id="9" /></sites></system.applicationHost>
    </location>
</configuration>`;
    const reading = await parse(xml);

    expect(reading.sites.map((site) => site.name)).toEqual(['Default Web Site']);
  });

  it('reads an empty section', async () => {
    const reading = await parse('<configuration><system.applicationHost /></configuration>');

    expect(reading.sites).toEqual([]);
    expect(reading.applicationPools).toEqual([]);
    expect(reading.warnings).toEqual([]);
  });
});
