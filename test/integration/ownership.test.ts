import fs from 'fs';
import os from 'os';
import path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryIisEntities, triggerTask, waitFor } from '../support/catalogClient';
import { farmDir, providerConfig } from '../support/farmSimulator';
import { runSummaries, waitForRun } from '../support/runSummaries';
import { CatalogUnderTest, startCatalog } from '../support/startCatalog';

const taskId = 'iis-provider:owners:refresh';
const policyRules = (owner: string) => `rules:\n  - match: { site: "hr-*" }\n    owner: ${owner}\n    tags: [people]\n`;

describe('ownership rules in the real catalog', () => {
  let catalog: CatalogUnderTest;
  let policyFile: string;

  beforeAll(async () => {
    policyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-owners-')), 'iis-ownership.yaml');
    fs.writeFileSync(policyFile, policyRules('group:default/hr-team'));
    catalog = await startCatalog(
      providerConfig('owners', {
        ownership: {
          rules: [
            { match: { site: 'Team Wiki' }, owner: 'group:default/knowledge', system: 'intranet' },
            { match: { site: 'no-such-site-*' }, owner: 'group:default/nobody' },
          ],
          policyFile,
        },
        servers: [{ host: 'legacy01.corp.example', applicationHostConfig: path.join(farmDir, 'legacy01.corp.example', 'applicationHost.config') }],
      }),
    );
    await waitForRun(catalog.logs, 1);
  });

  afterAll(async () => {
    await catalog?.stop();
  });

  async function ownerOf(title: string) {
    const entity = (await queryIisEntities(catalog.catalogUrl)).find(candidate => candidate.metadata.title === title);
    return entity?.spec?.owner as string | undefined;
  }

  it('applies app-config rules and the policy file', async () => {
    await waitFor('hr-reports owned by hr-team', async () => ((await ownerOf('hr-reports')) === 'group:default/hr-team' ? true : undefined));
    expect(await ownerOf('Team Wiki')).toBe('group:default/knowledge');
    const entities = await queryIisEntities(catalog.catalogUrl);
    expect(entities.find(entity => entity.metadata.title === 'Team Wiki')!.spec!.system).toBe('intranet');
    expect(entities.find(entity => entity.metadata.title === 'hr-reports')!.metadata.tags).toEqual(['iis', 'people']);
    expect(entities.find(entity => entity.metadata.title === 'legacy01.corp.example')!.spec!.owner).toBe('group:default/web-platform');
  });

  it('warns about a rule that matched nothing', () => {
    const warnings = catalog.logs.filter(line => line.level === 'warn' && line.message.includes('matched no entity in this run'));
    expect(warnings).toHaveLength(runSummaries(catalog.logs).length);
    expect(warnings[0].message).toContain('catalog.providers.iis.owners.ownership.rules[1]');
  });

  it('re-reads the policy file on every run', async () => {
    fs.writeFileSync(policyFile, policyRules('group:default/people-ops'));
    await triggerTask(catalog.catalogUrl, taskId);
    await waitFor('hr-reports owned by people-ops', async () => ((await ownerOf('hr-reports')) === 'group:default/people-ops' ? true : undefined));
  });

  it('keeps the last valid rules for an invalid file', async () => {
    fs.writeFileSync(policyFile, 'rules:\n  - match: { site: "hr-*" }\n    owner: group:default/hr-team\n  - match: { site: x }\n    owner: "no valid ref!"\n');
    const runs = runSummaries(catalog.logs).length;
    await triggerTask(catalog.catalogUrl, taskId);
    await waitForRun(catalog.logs, runs + 1);
    const warning = catalog.logs.find(line => line.message.startsWith(`Ownership policy file ${policyFile} is invalid`));
    expect(warning?.message).toContain(`${policyFile} line 4: owner "no valid ref!" is not a valid entity ref`);
    expect(warning?.message).toContain('its last valid rules (1) stay in force');
    expect(await ownerOf('hr-reports')).toBe('group:default/people-ops');
  });
});
