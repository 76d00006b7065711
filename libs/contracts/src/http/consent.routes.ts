import { z } from 'zod';
import type { RouteRow } from './route-row';
import { languageField } from './common.schemas';
import { consentPurposeView, myConsentsView, oneClickUnsubscribeBody, setConsentBody, unsubscribedView } from './consents.schemas';
import { policyDocumentView, policyVersionSummary, publishPolicyBody } from './policies.schemas';

/** Policy versions, consents, one-click unsubscribe and the consent ledger: the rows of the public API (docs/api.md) that consent answers. */
export const CONSENT_ROUTES: readonly RouteRow[] = [
  // ---- policy and consent (consent) ----------------------------------------------------------
  {
    method: 'GET',
    path: '/policies/privacy',
    service: 'consent',
    access: 'public',
    body: 'none',
    summary: 'The privacy policy in force',
    description:
      'Language: `lang`, else the `lang` cookie, else `Accept-Language`, else en (the answer then has `Vary: Accept-Language, Cookie`). ' +
      'Strong `ETag` (`"<version>-<lang>-<sha prefix>"`), `Cache-Control: public, max-age=60`; `If-None-Match` gets a 304.',
    query: { lang: { description: '`lv` or `en`; anything else is 422', schema: languageField } },
    responses: {
      200: { description: 'The current version in that language', schema: policyDocumentView },
      304: { description: 'Not modified (If-None-Match matched the ETag)' },
      404: { description: 'No version has been published yet' },
      422: { description: '`lang` is not `lv` or `en`' },
    },
  },
  {
    method: 'GET',
    path: '/policies/privacy/versions',
    service: 'consent',
    access: 'public',
    body: 'none',
    summary: 'Every published privacy policy version, newest first',
    responses: { 200: { description: 'The versions, newest first', schema: z.array(policyVersionSummary) } },
  },
  {
    method: 'GET',
    path: '/policies/privacy/versions/:version',
    service: 'consent',
    access: 'public',
    body: 'none',
    summary: 'One privacy policy version',
    description: 'Language as for the current version. A published version never changes: `Cache-Control: public, max-age=86400`, strong `ETag`.',
    query: { lang: { description: '`lv` or `en`; anything else is 422', schema: languageField } },
    responses: {
      200: { description: 'That version in that language', schema: policyDocumentView },
      304: { description: 'Not modified (If-None-Match matched the ETag)' },
      404: { description: 'No such version' },
      422: { description: '`lang` is not `lv` or `en`' },
    },
  },
  {
    method: 'POST',
    path: '/admin/policies/privacy',
    service: 'consent',
    access: 'staff',
    body: 'json',
    // Two texts of up to 200,000 characters each.
    bodyLimitBytes: 2 * 1024 * 1024,
    summary: 'Publish a privacy policy version (staff)',
    description: 'Both languages are required. In force at once: sign-up then requires this version; `PolicyPublished` goes out.',
    requestSchema: publishPolicyBody,
    responses: {
      201: { description: 'Published; the version summary', schema: policyVersionSummary },
      409: { description: 'This version exists already' },
      422: { description: 'A field has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/me/consents',
    service: 'consent',
    access: 'session',
    body: 'none',
    summary: 'My consents and their history',
    description: '`purposes`: the state of every purpose (never chosen is `granted: false`); `history`: my consent ledger, newest first.',
    responses: { 200: { description: 'My consents', schema: myConsentsView } },
  },
  {
    method: 'PUT',
    path: '/me/consents/:purpose',
    service: 'consent',
    access: 'session',
    body: 'json',
    summary: 'Grant or withdraw a consent',
    description:
      'Purpose `marketing-email`. Recorded with the policy version in force and the SHA-256 of its text in my language; setting the state already in force records nothing.',
    requestSchema: setConsentBody,
    responses: {
      200: { description: 'The state of that purpose', schema: consentPurposeView },
      404: { description: 'No such purpose' },
      503: { description: 'The account is not known here yet (just signed up); try again shortly' },
    },
  },
  {
    method: 'POST',
    path: '/unsubscribe',
    service: 'consent',
    access: 'public',
    body: 'form',
    produces: ['text/html'],
    summary: 'One-click unsubscribe (RFC 8058)',
    description:
      'No session: the `token` from the mail names the account and purpose, encrypted (opaque to anyone but consent) and naming its key. Body exactly `List-Unsubscribe=One-Click`. Idempotent: already withdrawn is 200 with `changed: false`. A browser that asks for HTML gets a page instead of JSON.',
    query: { token: { description: 'the token from the mail (opaque)', required: true } },
    requestSchema: oneClickUnsubscribeBody,
    responses: {
      200: { description: 'Withdrawn (or already withdrawn)', schema: unsubscribedView },
      400: { description: 'The token is forged, altered or malformed; nothing was written' },
      422: { description: 'No token, or a body other than `List-Unsubscribe=One-Click`' },
    },
  },
  {
    method: 'GET',
    path: '/unsubscribe',
    service: 'consent',
    access: 'public',
    body: 'none',
    produces: ['text/html'],
    summary: 'The unsubscribe page',
    description: 'An HTML page (in the hinted language) whose button POSTs the one-click form; a GET alone changes nothing.',
    query: { token: { description: 'the token from the mail (opaque)', required: true } },
    responses: {
      200: { description: 'The page (text/html)' },
      400: { description: 'An HTML page saying the link does not work (forged, altered or malformed token)' },
      422: { description: 'An HTML page saying the link does not work (no token)' },
    },
  },
];
