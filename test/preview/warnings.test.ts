import { describe, expect, it } from 'vitest';
import { providerEntities, runPreview, writeTempFile } from './harness';

/** Two sites whose names simplify to the same entity name, and a binding that does not parse. */
const applicationHost = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.applicationHost>
        <applicationPools>
            <add name="DefaultAppPool" />
        </applicationPools>
        <sites>
            <site name="Site A" id="1">
                <application path="/" applicationPool="DefaultAppPool">
                    <virtualDirectory path="/" physicalPath="D:\\sites\\a" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:80:a.example.com" />
                    <binding protocol="http" bindingInformation="not-a-binding" />
                </bindings>
            </site>
            <site name="site-a" id="2">
                <application path="/" applicationPool="DefaultAppPool">
                    <virtualDirectory path="/" physicalPath="D:\\sites\\a2" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:8080:" />
                </bindings>
            </site>
        </sites>
    </system.applicationHost>
</configuration>
`;

describe('preview warnings', () => {
  it('lists unparsed bindings and suffixed names', async () => {
    const file = writeTempFile('applicationHost.config', applicationHost);
    const config = writeTempFile(
      'app-config.yaml',
      'catalog:\n  providers:\n    iis:\n      staging:\n        owner: group:default/web-platform\n        servers:\n' +
        `          - host: web09.corp.example\n            applicationHostConfig: ${file}\n`,
    );

    const run = await runPreview(['preview', '--config', config]);
    expect(run.code).toBe(0);
    const warnings = run.stderr.split('\n').filter(line => line.startsWith('- '));
    expect(warnings).toContainEqual(expect.stringMatching(/^- web09\.corp\.example: Site "Site A": binding http "not-a-binding" was not parsed: /));
    expect(warnings).toContainEqual(
      expect.stringMatching(/^- web09\.corp\.example: site "Site A" is named web09\.corp\.example--site-a-[0-9a-f]{8}, with a hash suffix, because another site name/),
    );
    expect(warnings).toContainEqual(expect.stringMatching(/^- web09\.corp\.example: site "site-a" is named web09\.corp\.example--site-a-[0-9a-f]{8}, /));
    expect(warnings).toHaveLength(3);
    expect(run.stdout).toMatch(/^\s+http\s+not parsed: "not-a-binding"$/m);

    const json = JSON.parse((await runPreview(['preview', '--config', config, '--output', 'json'])).stdout) as {
      entities: unknown[];
      providers: Array<{ suffixedNames: Array<{ entityName: string; reason: string }> }>;
    };
    expect(json.entities).toEqual(await providerEntities([config], {}));
    expect(json.providers[0].suffixedNames.map(name => name.reason)).toEqual(['clash', 'clash']);
  });
});
