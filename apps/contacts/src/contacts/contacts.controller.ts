import { Controller, Delete, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { contactListQuery, createContactBody, updateContactBody, type ContactListQuery, type ContactView, type CreateContactBody, type UpdateContactBody } from '@sargs/contracts';
import { answerPage, IdParam, OrgMember, Tenant, ZodBody, ZodQuery, type TenantCaller } from '@sargs/platform/service';
import { ContactsService, NO_SUCH_CONTACT } from './contacts.service';

/**
 * An organisation's contacts (docs/api.md, "Organisations"): any member reads and writes them.
 * The organisation is the one the gateway's assertion names (@Tenant), which the guard has
 * checked against the path's `:id`.
 */
@Controller('orgs/:id/contacts')
@OrgMember()
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post()
  @HttpCode(201)
  create(@Tenant() tenant: TenantCaller, @ZodBody(createContactBody) body: CreateContactBody): Promise<{ id: string }> {
    return this.contacts.create(tenant.orgId, body);
  }

  /** Newest first, all or one address's; a longer list links its next page in `Link`. */
  @Get()
  async list(
    @Tenant() tenant: TenantCaller,
    @ZodQuery(contactListQuery, 'The query is not valid') query: ContactListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContactView[]> {
    const page = await this.contacts.list(tenant.orgId, query);
    const shown = answerPage(response, page.rows, {
      limit: page.limit,
      path: `/orgs/${tenant.orgId}/contacts`,
      query: page.query,
      positionOf: (row) => ({ at: row.createdAt, id: row.id }),
    });
    return shown.map(({ createdAt: _, ...contact }) => contact);
  }

  @Get(':contactId')
  get(@Tenant() tenant: TenantCaller, @IdParam('contactId', NO_SUCH_CONTACT) contactId: string): Promise<ContactView> {
    return this.contacts.get(tenant.orgId, contactId);
  }

  @Patch(':contactId')
  update(@Tenant() tenant: TenantCaller, @IdParam('contactId', NO_SUCH_CONTACT) contactId: string, @ZodBody(updateContactBody) body: UpdateContactBody): Promise<ContactView> {
    return this.contacts.update(tenant.orgId, contactId, body);
  }

  @Delete(':contactId')
  @HttpCode(204)
  async delete(@Tenant() tenant: TenantCaller, @IdParam('contactId', NO_SUCH_CONTACT) contactId: string): Promise<void> {
    await this.contacts.delete(tenant.orgId, contactId);
  }
}
