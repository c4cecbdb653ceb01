import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/**
 * Runs an entity through the same policies and kind validators that the catalog applies, and
 * throws the catalog's own error when it would reject the entity.
 */
export async function validateEntity(entity: Entity): Promise<void> {
  const result = await policy.enforce(entity);
  if (!result) {
    throw new Error(`entity ${entity.metadata.name} was rejected by the entity policies`);
  }
  const validator = entity.kind === 'Component' ? componentEntityV1alpha1Validator : resourceEntityV1alpha1Validator;
  const accepted = await validator.check(entity);
  if (!accepted) {
    throw new Error(`entity ${entity.metadata.name} is not a ${entity.kind}`);
  }
}
