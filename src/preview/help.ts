/** The command name, as npm installs it from the package's `bin` field. */
export const COMMAND = 'backstage-plugin-catalog-backend-module-iis';

export const HELP = `Usage: npx ${COMMAND} preview [--config FILE]... [--output table|yaml|json]

Reads every IIS server under catalog.providers.iis once, with the same code as the catalog
module, and prints the entities a first run would emit. Nothing is written to any catalog.

Options:
  --config FILE    A Backstage config file. Repeat it to merge several files in order, later
                   files overriding earlier ones. \${VAR} substitution, $file, $env and $include
                   and APP_CONFIG_* environment variables work as in the backend. Without it,
                   app-config.yaml and app-config.local.yaml of the workspace root are read.
  --output FORMAT  table (default): a table of servers per provider and a table of sites.
                   yaml: the entities as a multi-document YAML stream, like catalog-info files.
                   json: { "providers": [...], "entities": [...] }, for scripts.
  -h, --help       Print this help.

Output goes to stdout. Warnings (unparsed bindings and other reading problems, entity names that
got a hash suffix, servers that could not be read) and, on a terminal, a progress bar go to
stderr. Tokens are never printed.

Exit status: 0 when every server was read, 1 when any server could not be read or the preview
failed unexpectedly, 2 for an invalid command line or config.`;
