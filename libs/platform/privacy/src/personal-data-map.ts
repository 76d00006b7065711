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
  personalColumns: PersonalColumn[];
  unclassified: string[];
}

/** TypeORM's column properties of an entity, its parent classes' included. */
function columnProperties(entity: EntityClass): string[] {
  const storage = getMetadataArgsStorage();
  const isOwnOrInherited = (target: EntityClass | string) =>
    typeof target === 'function' && (target === entity || entity.prototype instanceof target);
  const columns = storage.columns.filter((c) => isOwnOrInherited(c.target)).map((c) => c.propertyName);
  const joins = storage.joinColumns.filter((j) => isOwnOrInherited(j.target)).map((j) => j.propertyName);
  return [...new Set([...columns, ...joins])];
}

export function describeEntity(entity: EntityClass): EntityPrivacyMap {
  const classes = columnClassifications(entity);
  const map: EntityPrivacyMap = { entity, personalColumns: [], unclassified: [] };
  for (const property of columnProperties(entity)) {
    const c = classes.get(property);
    if (!c) map.unclassified.push(property);
    else if (c.kind === 'subject-id') map.subjectProperty = property;
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
      problems.push(`${entity.name}.${property} is not classified (@PersonalData, @NotPersonalData or @DataSubjectId)`);
    }
    if (map.personalColumns.length > 0 && !map.subjectProperty) {
      problems.push(`${entity.name} holds personal data but has no @DataSubjectId column`);
    }
  }
  return problems;
}
