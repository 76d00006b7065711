import { z } from 'zod';
import type { RouteRow } from './route-row';
import { contactCreated, contactView, createContactBody, updateContactBody } from './contacts.schemas';
import { PAGE_QUERY_DOCS } from './list-paging.schemas';
import { ORG_ROLES } from './organizations.roles';

/** Every member (owner, admin, member) reads and writes the organisation's contacts (docs/api.md, "Organisations"). */
const MEMBERS = { roles: ORG_ROLES } as const;

const NOT_A_MEMBER = 'No such organisation: it does not exist, or the caller is not its member (the same answer for both)';
const NO_SUCH_CONTACT = 'No such contact in this organisation (a contact of another organisation, or an id that is no uuid, is the same 404)';

/** An organisation's contacts (its business data about people): the rows of the public API (docs/api.md) that contacts answers. */
export const CONTACTS_ROUTES: readonly RouteRow[] = [
  {
    method: 'POST',
    path: '/orgs/:id/contacts',
    service: 'contacts',
    access: 'session',
    tenant: MEMBERS,
    body: 'json',
    summary: "Add a contact to the organisation's business data",
    description:
      'A person the organisation deals with; the organisation is the controller of this data. The address is stored normalised (trimmed, NFC, lower-case), so a search and a data-subject request find it whatever its case.',
    requestSchema: createContactBody,
    responses: {
      201: { description: 'Added', schema: contactCreated },
      422: { description: 'A field has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/orgs/:id/contacts',
    service: 'contacts',
    access: 'session',
    tenant: MEMBERS,
    body: 'none',
    summary: "The organisation's contacts, or those with one address",
    description: 'Newest first. With `email`, only the contacts with exactly that address (compared normalised). Paged: a longer list links its next page in `Link`.',
    query: {
      email: { description: 'Only contacts with this address (trimmed, NFC, case-insensitive exact match)', schema: z.string().email() },
      ...PAGE_QUERY_DOCS,
    },
    responses: {
      200: { description: 'The contacts, newest first', schema: z.array(contactView) },
      422: { description: 'A query value has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/orgs/:id/contacts/:contactId',
    service: 'contacts',
    access: 'session',
    tenant: MEMBERS,
    body: 'none',
    summary: 'One contact',
    responses: {
      200: { description: 'The contact', schema: contactView },
      404: { description: `${NOT_A_MEMBER}; or ${NO_SUCH_CONTACT}` },
    },
  },
  {
    method: 'PATCH',
    path: '/orgs/:id/contacts/:contactId',
    service: 'contacts',
    access: 'session',
    tenant: MEMBERS,
    body: 'json',
    summary: 'Change a contact',
    description: 'At least one field; `null` clears `email`, `phone` or `note`.',
    requestSchema: updateContactBody,
    responses: {
      200: { description: 'The contact as it is now', schema: contactView },
      404: { description: `${NOT_A_MEMBER}; or ${NO_SUCH_CONTACT}` },
      422: { description: 'A field has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'DELETE',
    path: '/orgs/:id/contacts/:contactId',
    service: 'contacts',
    access: 'session',
    tenant: MEMBERS,
    body: 'none',
    summary: 'Delete a contact',
    responses: {
      204: { description: 'Deleted' },
      404: { description: `${NOT_A_MEMBER}; or ${NO_SUCH_CONTACT}` },
    },
  },
];
