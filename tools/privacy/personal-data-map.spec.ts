import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData, personalDataMapProblems } from '@sargs/platform/privacy';
import { SARGS_SERVICES } from '@sargs/contracts';
import { PLATFORM_ENTITIES } from '@sargs/platform/service';
import { serviceSchemas } from '../service-schemas';

// The record of processing: every column of every entity of every service is classified.
describe('the personal-data map', () => {
  it('finds the database of every service in the registry', () => {
    expect(serviceSchemas().map((s) => s.service).sort()).toEqual([...SARGS_SERVICES].sort());
  });

  it.each(serviceSchemas().map((s) => [s.service, s] as const))('classifies every column of %s', (_service, schema) => {
    expect(schema.entities).toBeInstanceOf(Array);
    expect(personalDataMapProblems([...PLATFORM_ENTITIES, ...schema.entities])).toEqual([]);
  });

  it('fails on an unclassified column, personal data without a subject, and a non-nullable column erased in a kept row', () => {
    @Entity({ name: 'forgotten' })
    class Forgotten {
      @NotPersonalData('id')
      @PrimaryColumn({ type: 'uuid' })
      id!: string;

      @Column({ type: 'text' })
      phoneNumber!: string;
    }

    @Entity({ name: 'orphan' })
    class Orphan {
      @NotPersonalData('id')
      @PrimaryColumn({ type: 'uuid' })
      id!: string;

      @PersonalData({ purpose: 'p', retention: 'r', onErasure: 'erase' })
      @Column({ type: 'text' })
      name!: string;
    }

    @Entity({ name: 'fine' })
    class Fine {
      @DataSubjectId()
      @PrimaryColumn({ type: 'uuid' })
      accountId!: string;

      @PersonalData({ purpose: 'p', retention: 'r', onErasure: 'erase' })
      @Column({ type: 'text' })
      name!: string;
    }

    @Entity({ name: 'kept' })
    class Kept {
      @DataSubjectId()
      @PrimaryColumn({ type: 'uuid' })
      accountId!: string;

      @PersonalData({ purpose: 'p', retention: 'r', onErasure: 'erase' })
      @Column({ type: 'text' })
      name!: string;

      @PersonalData({ purpose: 'p', retention: 'r', onErasure: 'keep-pseudonymised' })
      @Column({ type: 'text' })
      email!: string;
    }

    expect(personalDataMapProblems([Forgotten, Orphan, Fine, Kept])).toEqual([
      'Forgotten.phoneNumber is not classified (@PersonalData, @NotPersonalData, @DataSubjectId or @TenantId)',
      'Orphan holds personal data but has no @DataSubjectId or @TenantId column',
      'Kept.name is erased in a row that is kept, so it must be nullable',
    ]);
  });
});
