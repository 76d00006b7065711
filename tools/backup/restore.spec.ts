import { parseArguments } from './restore';

const ID = '0b6c1f4e-8f0a-4c55-9d61-2f6d7a1c9e11';

describe('restore command line', () => {
  it('takes the store, the backup and name=owner-url pairs, Kafka from the environment or a flag', () => {
    const args = parseArguments(['/b', ID, 'identity=postgres://sargs_identity:pw@db:5432/sargs_identity', 'profile=postgres://o:p@db/sargs_profile'], { KAFKA_BROKERS: 'k1:9092, k2:9092' });
    expect(args).toMatchObject({
      mode: 'explicit',
      backupDir: '/b',
      backupId: ID,
      targets: [
        { name: 'identity', url: 'postgres://sargs_identity:pw@db:5432/sargs_identity' },
        { name: 'profile', url: 'postgres://o:p@db/sargs_profile' },
      ],
      kafka: { brokers: ['k1:9092', 'k2:9092'] },
      replayMarginMinutes: 60,
      pgRestorePath: 'pg_restore',
    });
    expect(parseArguments(['/b', ID, 'identity=postgres://o:p@db/x', '--kafka-brokers=k:1', '--replay-margin-minutes', '0', '--pg-restore', '/usr/bin/pg_restore'], {})).toMatchObject({
      kafka: { brokers: ['k:1'] },
      replayMarginMinutes: 0,
      pgRestorePath: '/usr/bin/pg_restore',
    });
  });

  it('restores the local stack from a backup id alone, every service database or those named', () => {
    expect(parseArguments([ID.toUpperCase()], {})).toMatchObject({ mode: 'local-stack', backupId: ID, databases: ['identity', 'profile', 'consent', 'notifications', 'retention'] });
    expect(parseArguments([ID, '--databases', 'profile,consent', '--data-dir', '/tmp/d'], {})).toMatchObject({ mode: 'local-stack', databases: ['profile', 'consent'], dataDir: '/tmp/d' });
    expect(() => parseArguments([ID, '--databases', 'profile,billing'], {})).toThrow('(not billing)');
    expect(() => parseArguments(['/b', ID, 'a=postgres://o:p@h/a', '--databases', 'a'], { KAFKA_BROKERS: 'k:1' })).toThrow('are for the local stack');
  });

  it('refuses what it cannot use, without echoing a URL', () => {
    expect(() => parseArguments(['/b', ID], { KAFKA_BROKERS: 'k:1' })).toThrow('at least one name=url');
    expect(() => parseArguments(['latest'], {})).toThrow('is not a backup id');
    expect(() => parseArguments(['/b', 'latest', 'a=postgres://o:p@h/a'], { KAFKA_BROKERS: 'k:1' })).toThrow('is not a backup id');
    expect(() => parseArguments(['/b', ID, 'a=postgres://o:p@h/a'], {})).toThrow('give --kafka-brokers or KAFKA_BROKERS');
    expect(() => parseArguments(['/b', ID, 'a=postgres://o:p@h/a', 'a=postgres://o:p@h/b'], { KAFKA_BROKERS: 'k:1' })).toThrow('a is named twice');
    expect(() => parseArguments(['/b', ID, 'a=mysql://o:secret@h/a'], { KAFKA_BROKERS: 'k:1' })).toThrow(/^database 1 must be name=postgres/u);
    expect(() => parseArguments(['/b', ID, 'a=postgres://o:p@h/a', '--force'], { KAFKA_BROKERS: 'k:1' })).toThrow('unknown option --force');
  });
});
