import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ContactListQuery, ContactView, CreateContactBody, UpdateContactBody } from '@sargs/contracts';
import { NotFoundError, pageAfter, type ListPage } from '@sargs/platform/service';
import { ContactRepository, type ContactFields, type ContactRow } from './contact.repository';

/** One answer for a contact that does not exist and one of another organisation: probing learns nothing. */
export const NO_SUCH_CONTACT = 'No such contact';

export interface ContactListEntry extends ContactView {
  /** For the page cursor only; not shown (the controller drops it). */
  createdAt: Date;
}

const view = (row: ContactRow): ContactView => ({ id: row.id, kind: row.kind, name: row.name, email: row.email, phone: row.phone, note: row.note });

/**
 * An organisation's contacts (docs/api.md, "Organisations"). Every method works inside one
 * transaction scoped to the caller's organisation (the org claim of the gateway's assertion,
 * checked by @OrgMember), never the path alone.
 */
@Injectable()
export class ContactsService {
  constructor(private readonly contacts: ContactRepository) {}

  async create(orgId: string, body: CreateContactBody): Promise<{ id: string }> {
    const id = randomUUID();
    await this.contacts.inTenant(orgId, (contacts) =>
      contacts.insert(id, { kind: body.kind, name: body.name, email: body.email ?? null, phone: body.phone ?? null, note: body.note ?? null }),
    );
    return { id };
  }

  async get(orgId: string, contactId: string): Promise<ContactView> {
    const row = await this.contacts.inTenant(orgId, (contacts) => contacts.find(contactId));
    if (!row) throw new NotFoundError(NO_SUCH_CONTACT);
    return view(row);
  }

  /** Fields not given stay as they are; null clears an optional one. A change to the same values writes nothing. */
  update(orgId: string, contactId: string, change: UpdateContactBody): Promise<ContactView> {
    return this.contacts.inTenant(orgId, async (contacts) => {
      const current = await contacts.lock(contactId);
      if (!current) throw new NotFoundError(NO_SUCH_CONTACT);
      const next: ContactFields = {
        kind: change.kind ?? current.kind,
        name: change.name ?? current.name,
        email: change.email === undefined ? current.email : change.email,
        phone: change.phone === undefined ? current.phone : change.phone,
        note: change.note === undefined ? current.note : change.note,
      };
      const same = (Object.keys(next) as (keyof ContactFields)[]).every((key) => next[key] === current[key]);
      if (!same) await contacts.update(contactId, next);
      return { id: current.id, ...next };
    });
  }

  async delete(orgId: string, contactId: string): Promise<void> {
    const deleted = await this.contacts.inTenant(orgId, (contacts) => contacts.delete(contactId));
    if (!deleted) throw new NotFoundError(NO_SUCH_CONTACT);
  }

  /** Newest first, optionally only one address's; one row more than a page, for the next link. */
  async list(orgId: string, query: ContactListQuery): Promise<ListPage<ContactListEntry>> {
    const after = pageAfter(query.cursor, 'uuid', 'The query is not valid');
    const rows = await this.contacts.inTenant(orgId, (contacts) => contacts.page(query.email, after, query.limit + 1));
    return { rows: rows.map((row) => ({ ...view(row), createdAt: row.created_at })), limit: query.limit, query: { email: query.email } };
  }
}
