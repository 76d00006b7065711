import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData, personalDataMapProblems } from '@sargs/platform/privacy';
import { PLATFORM_ENTITIES } from '@sargs/platform/service';
import { serviceSchemas } from '../service-schemas';

// The record of processing: every column of every entity of every service is classified.
describe('the personal-data map', () => {
  it('finds the five service databases', () => {
    expect(serviceSchemas().map((s) => s.service).sort()).toEqual(['consent', 'identity', 'notifications', 'profile', 'retention']);
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
      'Forgotten.phoneNumber is not classified (@PersonalData, @NotPersonalData or @DataSubjectId)',
      'Orphan holds personal data but has no @DataSubjectId column',
      'Kept.name is erased in a row that is kept, so it must be nullable',
    ]);
  });
});
