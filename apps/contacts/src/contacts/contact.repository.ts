import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ContactKind } from '@sargs/contracts';
import { inTenant } from '@sargs/platform/database';
import type { PagePosition } from '@sargs/platform/service';

export interface ContactRow {
  id: string;
  kind: ContactKind;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  created_at: Date;
}

export interface ContactFields {
  kind: ContactKind;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
}

const COLUMNS = 'id, kind, name, email, phone, note, created_at';

/**
 * Every statement on one organisation's contacts, inside a transaction scoped to it (row-level
 * security: the policy admits only its rows). Each statement also names the organisation, so
 * either guard alone would keep other organisations' rows out.
 */
export class TenantContacts {
  constructor(
    private readonly manager: EntityManager,
    readonly orgId: string,
  ) {}

  /** created_at from here, to the millisecond: the list's page cursor carries milliseconds. */
  async insert(id: string, fields: ContactFields): Promise<void> {
    const now = new Date();
    await this.manager.query(
      `INSERT INTO contact (id, org_id, kind, name, email, phone, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [id, this.orgId, fields.kind, fields.name, fields.email, fields.phone, fields.note, now],
    );
  }

  async find(id: string): Promise<ContactRow | undefined> {
    const rows: ContactRow[] = await this.manager.query(`SELECT ${COLUMNS} FROM contact WHERE org_id = $1 AND id = $2`, [this.orgId, id]);
    return rows[0];
  }

  /** Locks the row until the transaction ends. */
  async lock(id: string): Promise<ContactRow | undefined> {
    const rows: ContactRow[] = await this.manager.query(`SELECT ${COLUMNS} FROM contact WHERE org_id = $1 AND id = $2 FOR UPDATE`, [this.orgId, id]);
    return rows[0];
  }

  async update(id: string, fields: ContactFields): Promise<void> {
    await this.manager.query(`UPDATE contact SET kind = $3, name = $4, email = $5, phone = $6, note = $7, updated_at = now() WHERE org_id = $1 AND id = $2`, [
      this.orgId,
      id,
      fields.kind,
      fields.name,
      fields.email,
      fields.phone,
      fields.note,
    ]);
  }

  /** Whether a row was there to delete. */
  async delete(id: string): Promise<boolean> {
    // TypeORM answers a DELETE with [rows, affected].
    const [, affected] = (await this.manager.query(`DELETE FROM contact WHERE org_id = $1 AND id = $2`, [this.orgId, id])) as [unknown, number];
    return affected > 0;
  }

  /**
   * Newest first, optionally only those with one (normalised) address, after a position; `limit`
   * rows. Two statements rather than one with an optional filter, so each keeps its own plan and
   * index (contact_email_idx, contact_created_idx): one range scan either way, however large the
   * organisation.
   */
  page(email: string | undefined, after: PagePosition | undefined, limit: number): Promise<ContactRow[]> {
    const at = after?.at ?? null;
    const id = after?.id ?? null;
    if (email !== undefined) {
      return this.manager.query(
        `SELECT ${COLUMNS} FROM contact
          WHERE org_id = $1 AND email = $2 AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
          ORDER BY created_at DESC, id DESC LIMIT $5`,
        [this.orgId, email, at, id, limit],
      );
    }
    return this.manager.query(
      `SELECT ${COLUMNS} FROM contact
        WHERE org_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [this.orgId, at, id, limit],
    );
  }
}

/** The one way into the contact table: a transaction scoped to one organisation. */
@Injectable()
export class ContactRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTenant<T>(orgId: string, work: (contacts: TenantContacts) => Promise<T>): Promise<T> {
    return inTenant(this.dataSource, orgId, (manager) => work(new TenantContacts(manager, orgId)));
  }
}
