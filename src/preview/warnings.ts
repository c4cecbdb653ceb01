import type { ProviderPreview } from './previewProviders';
import { describeSuffixedName } from './suffixedNames';

/**
 * Lists what the user should look at before deploying, one `- ` line each: servers that could
 * not be read, problems in what was read (unparsed bindings, skipped items) and entity names that
 * got a hash suffix. Returns "" when there is nothing to report.
 */
export function formatWarnings(previews: ProviderPreview[]): string {
  const lines: string[] = [];
  for (const preview of previews) {
    for (const server of preview.servers) {
      if (server.failure) {
        lines.push(`${server.host} could not be read from ${server.location} (${server.failure.kind}): ${server.failure.message}`);
      }
    }
  }
  for (const preview of previews) {
    for (const server of preview.servers) {
      lines.push(...server.warnings.map(warning => `${server.host}: ${warning}`));
    }
  }
  for (const preview of previews) {
    lines.push(...preview.suffixedNames.map(describeSuffixedName));
  }
  if (lines.length === 0) {
    return '';
  }
  return `Warnings:\n${lines.map(line => `- ${line}`).join('\n')}\n`;
}
