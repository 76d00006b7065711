import { getMetadataArgsStorage } from 'typeorm';
import { columnClassifications, type PersonalDataDeclaration } from './personal-data.decorators';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityClass = Function;

export interface PersonalColumn {
  property: string;
  declaration: PersonalDataDeclaration;
}

/** One entity as the record of processing sees it. */
export interface EntityPrivacyMap {
  entity: EntityClass;
  subjectProperty?: string;
  /** The @TenantId column: the row is an organisation's data. */
  tenantProperty?: string;
  personalColumns: PersonalColumn[];
  /** Columns pseudonymised where they equal an erased subject's id (@SubjectReference). */
  referenceColumns: string[];
  unclassified: string[];
}

const isOwnOrInherited = (entity: EntityClass) => (target: EntityClass | string) =>
  typeof target === 'function' && (target === entity || entity.prototype instanceof target);

/** TypeORM's column properties of an entity, its parent classes' included. */
function columnProperties(entity: EntityClass): string[] {
  const storage = getMetadataArgsStorage();
  const columns = storage.columns.filter((c) => isOwnOrInherited(entity)(c.target)).map((c) => c.propertyName);
  const joins = storage.joinColumns.filter((j) => isOwnOrInherited(entity)(j.target)).map((j) => j.propertyName);
  return [...new Set([...columns, ...joins])];
}

function isNullable(entity: EntityClass, property: string): boolean {
  const column = getMetadataArgsStorage().columns.find((c) => isOwnOrInherited(entity)(c.target) && c.propertyName === property);
  return column?.options.nullable === true;
}

export function describeEntity(entity: EntityClass): EntityPrivacyMap {
  const classes = columnClassifications(entity);
  const map: EntityPrivacyMap = { entity, personalColumns: [], referenceColumns: [], unclassified: [] };
  for (const property of columnProperties(entity)) {
    const c = classes.get(property);
    if (!c) map.unclassified.push(property);
    else if (c.kind === 'subject-id') map.subjectProperty = property;
    else if (c.kind === 'subject-reference') map.referenceColumns.push(property);
    else if (c.kind === 'tenant-id') map.tenantProperty = property;
    else if (c.kind === 'personal') map.personalColumns.push({ property, declaration: c.declaration });
  }
  return map;
}

/**
 * Problems that make an entity list unfit to run: unclassified columns, or personal data with no
 * subject column (erasure could not find it). The test suite fails on any of these.
 */
export function personalDataMapProblems(entities: readonly EntityClass[]): string[] {
  const problems: string[] = [];
  for (const entity of entities) {
    const map = describeEntity(entity);
    for (const property of map.unclassified) {
      problems.push(`${entity.name}.${property} is not classified (@PersonalData, @NotPersonalData, @DataSubjectId or @TenantId)`);
    }
    // An organisation's business data about people is found by its tenant (and, for a
    // data-subject request, by the address), not by an account.
    if (map.personalColumns.length > 0 && !map.subjectProperty && !map.tenantProperty) {
      problems.push(`${entity.name} holds personal data but has no @DataSubjectId or @TenantId column`);
    }
    // Rows kept pseudonymised have their `erase` columns set to NULL (personal-data-eraser.ts).
    if (map.personalColumns.some((c) => c.declaration.onErasure === 'keep-pseudonymised')) {
      for (const { property, declaration } of map.personalColumns) {
        if (declaration.onErasure === 'erase' && !isNullable(entity, property)) {
          problems.push(`${entity.name}.${property} is erased in a row that is kept, so it must be nullable`);
        }
      }
    }
  }
  return problems;
}
