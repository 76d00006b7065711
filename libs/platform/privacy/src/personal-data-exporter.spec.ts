import { Column, Entity, getMetadataArgsStorage, PrimaryColumn, type EntityManager } from 'typeorm';
import { exportSubject } from './personal-data-exporter';
import { DataSubjectId, NotPersonalData, PersonalData } from './personal-data.decorators';

const SUBJECT = '0b7c9c52-3c8e-4f0e-9a51-7d7f1d2e3a4b';

@Entity({ name: 'exporter_account' })
class ExporterAccount {
  @DataSubjectId()
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @PersonalData({ purpose: 'login', retention: 'while active', onErasure: 'erase' })
  @Column({ type: 'varchar' })
  email!: string;

  @PersonalData({ purpose: 'authentication', retention: 'while active', onErasure: 'erase', exported: false })
  @Column({ name: 'password_hash', type: 'varchar' })
  passwordHash!: string;

  @NotPersonalData('creation time')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ name: 'exporter_session' })
class ExporterSession {
  @NotPersonalData('session id')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @PersonalData({ purpose: 'recognising the cookie', retention: 'while the session lasts', onErasure: 'erase', exported: false })
  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @PersonalData({ purpose: 'session list', retention: 'while the session lasts', onErasure: 'erase' })
  @Column({ name: 'device_key', type: 'bytea' })
  deviceKey!: Buffer;
}

/** Nothing about anyone: not part of an export at all. */
@Entity({ name: 'exporter_setting' })
class ExporterSetting {
  @NotPersonalData('key')
  @PrimaryColumn({ type: 'varchar' })
  key!: string;
}

const ROWS: Record<string, Record<string, unknown>[]> = {
  exporter_account: [{ id: SUBJECT, email: 'anna@example.test', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', createdAt: new Date('2026-01-02T03:04:05.000Z') }],
  exporter_session: [{ id: 'f1', accountId: SUBJECT, tokenHash: Buffer.from('secret-hash'), deviceKey: Buffer.from([1, 2, 3]) }],
};

/** A manager whose find answers every column, as a careless query would: the exporter must drop the withheld ones itself. */
function fakeManager() {
  const finds: { table: string; options: { select: Record<string, boolean>; where: Record<string, string> } }[] = [];
  const tableOf = (entity: unknown) => getMetadataArgsStorage().tables.find((t) => t.target === entity)?.name ?? '';
  const manager = {
    connection: {
      getMetadata: (entity: unknown) => ({
        tableName: tableOf(entity),
        columns: getMetadataArgsStorage()
          .columns.filter((c) => c.target === entity)
          .map((c) => ({ propertyName: c.propertyName })),
      }),
    },
    find: async (entity: unknown, options: { select: Record<string, boolean>; where: Record<string, string> }) => {
      finds.push({ table: tableOf(entity), options });
      return ROWS[tableOf(entity)] ?? [];
    },
  };
  return { manager: manager as unknown as EntityManager, finds };
}

describe('exportSubject', () => {
  it('leaves out columns declared exported: false, and neither reads them', async () => {
    const { manager, finds } = fakeManager();
    const tables = await exportSubject(manager, [ExporterAccount, ExporterSession, ExporterSetting], SUBJECT);

    expect(tables).toEqual({
      exporter_account: [{ id: SUBJECT, email: 'anna@example.test', createdAt: '2026-01-02T03:04:05.000Z' }],
      exporter_session: [{ id: 'f1', accountId: SUBJECT, deviceKey: 'AQID' }],
    });
    expect(JSON.stringify(tables)).not.toContain('$argon2');
    expect(JSON.stringify(tables)).not.toContain(Buffer.from('secret-hash').toString('base64'));
    expect(finds.map((f) => f.table)).toEqual(['exporter_account', 'exporter_session']);
    expect(finds[0].options).toEqual({ select: { id: true, email: true, createdAt: true }, where: { id: SUBJECT } });
    expect(finds[1].options).toEqual({ select: { id: true, accountId: true, deviceKey: true }, where: { accountId: SUBJECT } });
  });
});
