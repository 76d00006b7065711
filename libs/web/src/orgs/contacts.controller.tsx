import { Get, Param, Post } from '@nestjs/common';
import { CONTACT_KINDS, CONTACT_NOTE_MAX, CONTACT_PHONE_MAX, type ContactKind, type ContactView } from '@sargs/contracts';
import { contactsMessages } from '../i18n/organisations.messages';
import { ErrorSummary, PostForm, SelectField, StatusMessage, TextArea, TextField } from '../layout/form-controls';
import { NextPageLink, RecordTable } from '../layout/record-table';
import type { FieldErrors } from '../page/form-input';
import type { PageContext } from '../page/page-context';
import { PageError } from '../page/page-error';
import { Page } from '../page/page.decorator';
import { PageController } from '../page/page-controller.decorator';
import { nextPageHref, query } from '../console/records-kit';
import { isUuid, optionalText, OrgLayout, orgScope, type OrgScope } from './org-kit';

type Messages = (typeof contactsMessages)['en'];

/** A contact as its form carries it (field names = the API's body fields). */
interface ContactValues {
  kind: string;
  name: string;
  email: string;
  phone: string;
  note: string;
}

const FIELDS = ['kind', 'name', 'email', 'phone', 'note'] as const;
const EMPTY: ContactValues = { kind: 'customer', name: '', email: '', phone: '', note: '' };

function valuesFromForm(page: PageContext): ContactValues {
  return { kind: page.form.text('kind'), name: page.form.text('name'), email: page.form.text('email'), phone: page.form.text('phone'), note: page.form.text('note') };
}

function kindName(m: Messages, kind: ContactKind): string {
  return m[kind];
}

/** What the list shows: every contact (paged), or those with one address (a search). */
interface Listing {
  search?: { email: string; errors: FieldErrors };
  create?: { values: ContactValues; errors: FieldErrors };
}

/**
 * `/orgs/:id/contacts`: the organisation's contacts, newest first and paged, a search by exact
 * address, and a form that adds one; `/orgs/:id/contacts/:contactId`: one contact, a form that
 * changes it (PATCH; an emptied optional field is cleared) and one that deletes it. Every member
 * may do all of this (docs/api.md). The search is posted, so an address never enters a URL.
 */
@PageController()
export class ContactsController {
  @Get('orgs/:id/contacts')
  async list(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    await this.renderList(page, await orgScope(page, id), {});
  }

  /** GET /orgs/:id/contacts?email= from the server only; the answer is the list of matches. */
  @Post('orgs/:id/contacts/search')
  async search(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    const scope = await orgScope(page, id);
    const email = page.form.text('email');
    const errors = page.controlCharacterErrors(['email']);
    if (!errors.email && email.trim() === '') errors.email = page.t.fieldRequired;
    await this.renderList(page, scope, { search: { email, errors } });
  }

  @Post('orgs/:id/contacts')
  async create(@Page() page: PageContext, @Param('id') id: string): Promise<void> {
    const scope = await orgScope(page, id);
    const values = valuesFromForm(page);
    const errors = contactErrors(page, values);
    if (Object.keys(errors).length > 0) return this.renderList(page, scope, { create: { values, errors } });
    const body = { kind: values.kind, name: values.name, email: optionalText(values.email), phone: optionalText(values.phone), note: optionalText(values.note) };
    const answer = await page.call({ method: 'POST', path: `/orgs/${scope.id}/contacts`, body });
    if (answer.status === 422) return this.renderList(page, scope, { create: { values, errors: page.fieldErrors(answer, 'name') } });
    if (answer.status !== 201) throw page.failure(answer);
    const { id: contactId } = answer.body as { id: string };
    page.redirect(`/orgs/${scope.id}/contacts/${encodeURIComponent(contactId)}?done=created`);
  }

  @Get('orgs/:id/contacts/:contactId')
  async show(@Page() page: PageContext, @Param('id') id: string, @Param('contactId') contactId: string): Promise<void> {
    const scope = await orgScope(page, id);
    await this.renderContact(page, scope, pathContactId(contactId));
  }

  /** PATCH with every field the form shows: an emptied optional field is cleared (null). */
  @Post('orgs/:id/contacts/:contactId/save')
  async save(@Page() page: PageContext, @Param('id') id: string, @Param('contactId') rawContactId: string): Promise<void> {
    const scope = await orgScope(page, id);
    const contactId = pathContactId(rawContactId);
    const values = valuesFromForm(page);
    const errors = contactErrors(page, values);
    if (Object.keys(errors).length > 0) return this.renderContact(page, scope, contactId, { values, errors });
    const body = { kind: values.kind, name: values.name, email: optionalText(values.email) ?? null, phone: optionalText(values.phone) ?? null, note: optionalText(values.note) ?? null };
    const answer = await page.call({ method: 'PATCH', path: `/orgs/${scope.id}/contacts/${contactId}`, body });
    if (answer.status === 422) return this.renderContact(page, scope, contactId, { values, errors: page.fieldErrors(answer, 'name') });
    if (answer.status !== 200) throw page.failure(answer);
    page.redirect(`/orgs/${scope.id}/contacts/${contactId}?done=saved`);
  }

  @Post('orgs/:id/contacts/:contactId/delete')
  async remove(@Page() page: PageContext, @Param('id') id: string, @Param('contactId') rawContactId: string): Promise<void> {
    const scope = await orgScope(page, id);
    const contactId = pathContactId(rawContactId);
    const answer = await page.call({ method: 'DELETE', path: `/orgs/${scope.id}/contacts/${contactId}` });
    if (answer.status !== 204) throw page.failure(answer);
    page.redirect(`/orgs/${scope.id}/contacts?done=deleted`);
  }

  private async renderList(page: PageContext, scope: OrgScope, listing: Listing): Promise<void> {
    const m = contactsMessages[page.language];
    const base = `/orgs/${scope.id}/contacts`;
    const searchErrors: FieldErrors = { ...listing.search?.errors };
    let contacts: ContactView[] = [];
    let next: string | undefined;
    if (Object.keys(searchErrors).length === 0) {
      const email = listing.search?.email;
      const answer = await page.call({ method: 'GET', path: `${base}?${query({ email, cursor: email === undefined ? page.query('cursor') : undefined })}` });
      if (answer.status === 422 && email !== undefined) Object.assign(searchErrors, page.fieldErrors(answer, 'email'));
      // A cursor this list never gave: no such page.
      else if (answer.status === 422) throw new PageError(404, 'not-found');
      else if (answer.status !== 200) throw page.failure(answer);
      else {
        contacts = answer.body as ContactView[];
        // A search shows its matches; "more" pages only the whole list.
        if (email === undefined) next = nextPageHref(base, {}, answer.link);
      }
    }
    const createErrors = listing.create?.errors ?? {};
    const values = listing.create?.values ?? EMPTY;
    const refused = Object.keys(createErrors).length > 0 || Object.keys(searchErrors).length > 0;
    const searched = listing.search !== undefined && Object.keys(searchErrors).length === 0;
    const done = refused || listing.search ? '' : page.query('done');
    page.render(
      <OrgLayout page={page} scope={scope} title={m.title}>
        <StatusMessage>{done === 'deleted' ? m.deleted : undefined}</StatusMessage>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        <section aria-labelledby="search-heading">
          <h2 id="search-heading">{m.searchHeading}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={searchErrors} form="search" labels={{ email: m.searchEmail }} />
          <PostForm action={`${base}/search`}>
            <TextField form="search" name="email" type="email" label={m.searchEmail} autocomplete="off" required maxLength={254} value={listing.search?.email ?? ''} error={searchErrors.email} />
            <button type="submit">{m.searchButton}</button>
          </PostForm>
        </section>
        <section aria-labelledby="contacts-heading">
          <h2 id="contacts-heading" tabindex={searched ? -1 : undefined} autofocus={searched || undefined}>
            {m.listHeading}
          </h2>
          {searched && (
            <p>
              <a href={base}>{m.showAll}</a>
            </p>
          )}
          <RecordTable
            class="contacts"
            caption={searched ? m.captionFor(listing.search?.email ?? '') : m.caption}
            rows={contacts}
            empty={searched ? m.noMatch : m.none}
            rowKey={(contact) => contact.id}
            rowAttributes={(contact) => ({ 'data-contact-id': contact.id, 'data-kind': contact.kind })}
            columns={[
              { header: m.name, rowHeader: true, cell: (contact) => <a href={`${base}/${contact.id}`}>{contact.name}</a> },
              { header: m.kind, cell: (contact) => kindName(m, contact.kind) },
              { header: m.email, class: 'contact-email', cell: (contact) => contact.email ?? '–' },
              { header: m.phone, cell: (contact) => contact.phone ?? '–' },
            ]}
          />
          <NextPageLink href={next} label={m.more} />
        </section>
        <section aria-labelledby="create-heading">
          <h2 id="create-heading">{m.createHeading}</h2>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={createErrors} form="create" labels={fieldLabels(m)} />
          <PostForm action={base}>
            <ContactFields page={page} form="create" values={values} errors={createErrors} />
            <button type="submit">{m.createButton}</button>
          </PostForm>
        </section>
      </OrgLayout>,
      refused ? 422 : 200,
    );
  }

  private async renderContact(page: PageContext, scope: OrgScope, contactId: string, refusal?: { values: ContactValues; errors: FieldErrors }): Promise<void> {
    const m = contactsMessages[page.language];
    const base = `/orgs/${scope.id}/contacts`;
    const contact = await page.fetch<ContactView>({ method: 'GET', path: `${base}/${contactId}` });
    const values: ContactValues = refusal?.values ?? { kind: contact.kind, name: contact.name, email: contact.email ?? '', phone: contact.phone ?? '', note: contact.note ?? '' };
    const errors = refusal?.errors ?? {};
    const done = refusal ? '' : page.query('done');
    page.render(
      <OrgLayout page={page} scope={scope} title={m.contactTitle(contact.name)}>
        <StatusMessage>{done === 'created' ? m.created : done === 'saved' ? m.saved : undefined}</StatusMessage>
        <h1>{m.contactTitle(contact.name)}</h1>
        <dl class="details contact-details">
          <dt>{m.kind}</dt>
          <dd>{kindName(m, contact.kind)}</dd>
          <dt>{m.email}</dt>
          <dd class="contact-email">{contact.email ?? '–'}</dd>
          <dt>{m.phone}</dt>
          <dd>{contact.phone ?? '–'}</dd>
          <dt>{m.note}</dt>
          <dd class="multiline">{contact.note ?? '–'}</dd>
        </dl>
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">{m.editHeading}</h2>
          <p class="hint">{m.editHint}</p>
          <ErrorSummary title={page.t.errorSummaryTitle} errors={errors} form="edit" labels={fieldLabels(m)} />
          <PostForm action={`${base}/${contact.id}/save`}>
            <ContactFields page={page} form="edit" values={values} errors={errors} />
            <button type="submit">{m.saveButton}</button>
          </PostForm>
        </section>
        <section aria-labelledby="delete-heading">
          <h2 id="delete-heading">{m.deleteHeading}</h2>
          <p>{m.deleteText}</p>
          <PostForm action={`${base}/${contact.id}/delete`}>
            <button type="submit" class="danger">
              {m.deleteButton}
            </button>
          </PostForm>
        </section>
        <p>
          <a href={base}>{m.back}</a>
        </p>
      </OrgLayout>,
      refusal ? 422 : 200,
    );
  }
}

function fieldLabels(m: Messages): Record<string, string> {
  return { kind: m.kind, name: m.name, email: m.email, phone: m.phone, note: m.note };
}

/** Before any call: control characters (line breaks only in the note) and a kind there is. */
function contactErrors(page: PageContext, values: ContactValues): FieldErrors {
  const errors = page.controlCharacterErrors([...FIELDS], ['note']);
  if (!(CONTACT_KINDS as readonly string[]).includes(values.kind)) errors.kind ??= page.t.fieldInvalid;
  return errors;
}

function ContactFields({ page, form, values, errors }: { page: PageContext; form: string; values: ContactValues; errors: FieldErrors }) {
  const m = contactsMessages[page.language];
  return (
    <>
      <SelectField form={form} name="kind" label={m.kind} value={values.kind} error={errors.kind} options={CONTACT_KINDS.map((kind) => ({ value: kind, label: kindName(m, kind) }))} />
      <TextField form={form} name="name" label={m.name} autocomplete="off" required maxLength={200} value={values.name} error={errors.name} />
      <TextField form={form} name="email" type="email" label={m.email} autocomplete="off" maxLength={254} value={values.email} error={errors.email} />
      <TextField form={form} name="phone" label={m.phone} hint={m.phoneHint} autocomplete="off" maxLength={CONTACT_PHONE_MAX} value={values.phone} error={errors.phone} />
      <TextArea form={form} name="note" label={m.note} hint={m.noteHint} rows={4} maxLength={CONTACT_NOTE_MAX} value={values.note} error={errors.note} />
    </>
  );
}

/** A contact id from the path: anything that is no id is this page's 404, before any call. */
function pathContactId(raw: string): string {
  if (!isUuid(raw)) throw new PageError(404, 'not-found');
  return raw.toLowerCase();
}
