/**
 * The `fields` query parameter, with the IIS Administration API's rules (its `Fields` class):
 *
 * - no `fields` parameter selects every field;
 * - `fields=a,b` selects `a`, `b` and always `id`; `fields=*` selects every field;
 * - a field also counts as selected when a sub-field is named (`application_pool.name`);
 * - names compare case-insensitively and blank entries are ignored, so `fields=` selects only `id`.
 *
 * Lists render the reference fields of each item unless the request names at least one field.
 */
export class FieldSelection {
  private constructor(
    /** Named fields in lower case, `id` included. */
    private readonly names: string[],
    /** Whether every field is selected: no `fields` parameter, or `*` among the names. */
    private readonly all: boolean,
    /** Whether the request named at least one field; lists use reference fields otherwise. */
    readonly hasFields: boolean,
  ) {}

  /** Selection from the `fields` parameter's value; `undefined` when the parameter is absent. */
  static fromQuery(value: string | undefined): FieldSelection {
    if (value === undefined) {
      return new FieldSelection(['id'], true, false);
    }
    return FieldSelection.of(value.split(','));
  }

  static of(entries: string[]): FieldSelection {
    const names = ['id'];
    let hasFields = false;
    let all = false;
    for (const entry of entries) {
      const name = entry.trim();
      if (name === '') {
        continue;
      }
      hasFields = true;
      all ||= name === '*';
      names.push(name.toLowerCase());
    }
    return new FieldSelection(names, all, hasFields);
  }

  has(field: string): boolean {
    if (this.all) {
      return true;
    }
    const lowerField = field.toLowerCase();
    return this.names.some(name => name === lowerField || name.startsWith(`${lowerField}.`));
  }

  /**
   * Sub-fields named under `prefix` (`application_pool.name` gives `name`). A nested reference
   * therefore shows its reference fields unless the request names sub-fields, even with `*`.
   */
  nested(prefix: string): FieldSelection {
    const start = `${prefix.toLowerCase()}.`;
    const entries = this.names.filter(name => name.startsWith(start)).map(name => name.slice(start.length));
    return FieldSelection.of(entries);
  }

  /** This selection, or `reference` when the request named no field. */
  orReference(reference: FieldSelection): FieldSelection {
    return this.hasFields ? this : reference;
  }
}

export const SITE_REFERENCE_FIELDS = FieldSelection.of(['name', 'id', 'status']);
export const POOL_REFERENCE_FIELDS = FieldSelection.of(['name', 'id', 'status']);
export const WEBAPP_REFERENCE_FIELDS = FieldSelection.of(['location', 'id', 'path']);
