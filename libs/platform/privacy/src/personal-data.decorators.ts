import 'reflect-metadata';

/** What happens to a personal-data column when its subject is erased. */
export type ErasureAction = 'erase' | 'keep-pseudonymised';

export interface PersonalDataDeclaration {
  /** Why Sargs holds it, in the words of the record of processing. */
  purpose: string;
  /** How long it is kept, e.g. "while the account is active". */
  retention: string;
  onErasure: ErasureAction;
  /**
   * `false`: the column is left out of the person's export (R11). For secrets that are about the
   * person but must never leave the service (password hash, token hashes), and for copies of data
   * that other tables already export. Erasure is not affected. Default: exported.
   */
  exported?: false;
  /**
   * `email`: the column holds a person's address, so an organisation's data-subject request about
   * that address (access or erasure, within the organisation) finds the row by it.
   */
  identifiesPerson?: 'email';
}

export type ColumnClassification =
  | { kind: 'personal'; declaration: PersonalDataDeclaration }
  | { kind: 'not-personal'; reason: string }
  | { kind: 'subject-id' }
  | { kind: 'subject-reference' }
  | { kind: 'tenant-id' };

const CLASSIFICATION = Symbol('sargs:column-classification');

function classify(classification: ColumnClassification): PropertyDecorator {
  return (target, propertyKey) => {
    const existing: Map<string | symbol, ColumnClassification> =
      Reflect.getOwnMetadata(CLASSIFICATION, target.constructor) ??
      new Map(Reflect.getMetadata(CLASSIFICATION, target.constructor) ?? []);
    existing.set(propertyKey, classification);
    Reflect.defineMetadata(CLASSIFICATION, existing, target.constructor);
  };
}

/** A column that holds personal data: erasure and export are driven by this declaration. */
export const PersonalData = (declaration: PersonalDataDeclaration): PropertyDecorator =>
  classify({ kind: 'personal', declaration });

/** A column that holds nothing about a person; the reason is part of the record of processing. */
export const NotPersonalData = (reason: string): PropertyDecorator => classify({ kind: 'not-personal', reason });

/** The column naming the person a row is about (the account id); erasure and export select by it. */
export const DataSubjectId = (): PropertyDecorator => classify({ kind: 'subject-id' });

/**
 * A column of a record that is kept for good (the audit trail) and may name a person, as actor or
 * subject. Erasing that person replaces the value with its pseudonym wherever it equals their id;
 * the row itself stays.
 */
export const SubjectReference = (): PropertyDecorator => classify({ kind: 'subject-reference' });

/**
 * The column naming the organisation a row belongs to (`org_id`): the row is tenant data, the
 * organisation its controller (R24). Row-level security isolates the table by it, and the
 * organisation's export, deletion and data-subject requests select by it (docs/tenancy.md).
 */
export const TenantId = (): PropertyDecorator => classify({ kind: 'tenant-id' });

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function columnClassifications(entity: Function): ReadonlyMap<string | symbol, ColumnClassification> {
  return Reflect.getMetadata(CLASSIFICATION, entity) ?? new Map();
}
