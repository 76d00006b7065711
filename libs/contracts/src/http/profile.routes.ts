import type { RouteRow } from './route-row';
import { profileView } from './accounts.schemas';
import { languagePreferenceBody, updateProfileBody } from './profile.schemas';

/** The profile and the language preference: the rows of the public API (docs/api.md) that profile answers. */
export const PROFILE_ROUTES: readonly RouteRow[] = [
  // ---- profile ----------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/me/profile',
    service: 'profile',
    access: 'session',
    body: 'none',
    summary: 'My profile',
    responses: { 200: { description: 'My profile', schema: profileView } },
  },
  {
    method: 'PATCH',
    path: '/me/profile',
    service: 'profile',
    access: 'session',
    body: 'json',
    summary: 'Change my name or language',
    description: 'At least one of `name`, `language`; names are kept as written (trimmed, NFC), any script.',
    requestSchema: updateProfileBody,
    responses: {
      200: { description: 'My profile as it is now', schema: profileView },
      404: { description: 'My profile is not there yet (a new account, moments after sign-up)' },
    },
  },
  // ---- preferences ------------------------------------------------------------------------
  {
    method: 'PUT',
    path: '/preferences/language',
    service: 'profile',
    access: 'public',
    optionalSession: true,
    body: 'json',
    special: 'set-language',
    summary: 'Set my interface language',
    description:
      'Answered by the gateway: sets the `lang` cookie. With a session cookie (which then needs the public `Origin`) the account\'s language changes too (profile, `PATCH /me/profile`). Works without a session.',
    requestSchema: languagePreferenceBody,
    responses: {
      204: { description: 'Set; the `lang` cookie is on its way' },
      422: { description: '`language` is not `lv` or `en`' },
    },
  },
];
