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

  it('fails on an unclassified column and on personal data without a subject', () => {
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

    expect(personalDataMapProblems([Forgotten, Orphan, Fine])).toEqual([
      'Forgotten.phoneNumber is not classified (@PersonalData, @NotPersonalData or @DataSubjectId)',
      'Orphan holds personal data but has no @DataSubjectId column',
    ]);
  });
});
