import { z } from 'zod';
import type { RouteRow } from './route-row';
import { AUDIT_ACTIONS } from '../events/audit-event-recorded.event';
import { backupCatalogueView, backupStartedView } from './backups.schemas';
import { ERASURE_CASE_STATUSES, certificateKeySetView, certificateVerificationBody, certificateVerificationView, erasureCaseView, legalHoldBody, legalHoldCreated, legalHoldView } from './erasures.schemas';
import { createDataSubjectRequestBody, dataSubjectRequestCreatedView, dataSubjectRequestSummary, dataSubjectRequestView } from './data-subject-requests.schemas';
import { exportCreatedView, exportDocumentView, exportStatusView, myExportsView, orgExportDocumentView, orgExportsView } from './exports.schemas';
import { PAGE_QUERY_DOCS } from './list-paging.schemas';
import { ORG_MANAGERS } from './organizations.roles';
import { PRIVACY_REQUEST_ORDERS, PRIVACY_REQUEST_STATUSES, answerPrivacyRequestBody, createPrivacyRequestBody, privacyRequestCreatedView, privacyRequestView, staffPrivacyRequestView } from './privacy-requests.schemas';
import { auditEntryView, auditVerificationView, erasureCaseSummary } from './staff.schemas';

/** An organisation's exports and data-subject requests are its owners' and admins' (docs/api.md, "Organisations"). */
const ORG_MANAGERS_ONLY = { roles: ORG_MANAGERS } as const;

/** Erasures, legal holds, the audit trail, privacy requests, exports and backups: the rows of the public API (docs/api.md) that retention answers. */
export const RETENTION_ROUTES: readonly RouteRow[] = [
  // ---- retention: erasure records and legal holds ----------------------------------------
  {
    method: 'GET',
    path: '/admin/erasures',
    service: 'retention',
    access: 'staff',
    body: 'none',
    summary: 'Erasure cases (staff)',
    description: 'Newest first, each a person\'s (`kind: person`) or an organisation\'s (`kind: tenant`); a staff closure names the staff member. Paged: a longer list links its next page in `Link`.',
    query: {
      status: { description: 'Only cases in this state', schema: z.enum(ERASURE_CASE_STATUSES) },
      ...PAGE_QUERY_DOCS,
    },
    responses: {
      200: { description: 'The cases, newest first', schema: z.array(erasureCaseSummary) },
      422: { description: 'A query value has the wrong shape (named in `errors`)' },
    },
  },
  // ---- retention: the audit trail (R27) ---------------------------------------------------
  {
    method: 'GET',
    path: '/admin/audit',
    service: 'retention',
    access: 'staff',
    body: 'none',
    summary: 'The audit trail (staff)',
    description:
      'Every staff action and security event, newest first, each with the SHA-256 of the entry before it. No address, name, password or token is ever part of an entry. Filters combine. Paged: a longer list links its next page in `Link`.',
    query: {
      actor: { description: 'Only actions by this account id' },
      action: { description: 'Only this action', schema: z.enum(AUDIT_ACTIONS) },
      subject: { description: 'Only entries about this account id (or policy version, incident, campaign, backup id)' },
      since: { description: 'Only entries at or after this ISO 8601 time' },
      until: { description: 'Only entries before this ISO 8601 time' },
      ...PAGE_QUERY_DOCS,
    },
    responses: {
      200: { description: 'The entries, newest first', schema: z.array(auditEntryView) },
      422: { description: 'A query value has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/admin/audit/verification',
    service: 'retention',
    access: 'staff',
    body: 'none',
    summary: 'Re-check the whole audit chain (staff)',
    description: 'Recomputes every entry\'s hash from the first: `valid: false` names the first entry changed, removed or out of place.',
    responses: { 200: { description: 'The verdict', schema: auditVerificationView } },
  },
  {
    method: 'GET',
    path: '/admin/erasures/:caseId',
    service: 'retention',
    access: 'staff',
    body: 'none',
    summary: 'An erasure case and its certificate (staff)',
    description:
      "The case a closure (R13) or an organisation's deletion (`kind: tenant`, the organisation as subject, answered by the services that hold tenant data) opened: each participant's erasure time, completion, the date by which every backup that may hold the data expires, and once completed the Ed25519-signed certificate (no personal data; the person or organisation appears only as a keyed hash).",
    responses: {
      200: { description: 'The case', schema: erasureCaseView },
      404: { description: 'No such case' },
    },
  },
  {
    method: 'POST',
    path: '/admin/erasures/certificate-verification',
    service: 'retention',
    access: 'staff',
    body: 'json',
    summary: 'Verify an erasure certificate (staff)',
    description:
      "`{certificate}` as GET /admin/erasures/:caseId gave it. Valid only when one of retention's pinned certificate keys (those GET /erasure-certificate-keys publishes) signed exactly these fields; a key the certificate itself might carry is never trusted. `reason` `unknown-key` when the key it names is not one of them (anyone can sign with a key of their own), `altered` when a field or the signature was changed.",
    requestSchema: certificateVerificationBody,
    responses: {
      200: { description: 'The verdict', schema: certificateVerificationView },
      422: { description: 'Not shaped like a certificate (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/erasure-certificate-keys',
    service: 'retention',
    access: 'public',
    body: 'none',
    summary: 'The public keys that verify erasure certificates (JWK Set)',
    description:
      "Anyone may check a certificate without asking Sargs: the key whose `kid` the certificate's `signature.kid` names verifies `signature.value` (Ed25519, base64) over the certificate's canonical JSON. The current key first, then earlier keys kept after a rotation. `Cache-Control: public, max-age=300`.",
    responses: { 200: { description: 'The keys', schema: certificateKeySetView } },
  },
  {
    method: 'POST',
    path: '/admin/legal-holds',
    service: 'retention',
    access: 'staff',
    body: 'json',
    summary: "Place a legal hold on a person's data (staff)",
    description:
      'R20: while active, closing the account still blocks login and all mail, but the erasure waits; it runs by itself when the hold is removed or `until` passes. 409 when the erasure is already under way or done.',
    requestSchema: legalHoldBody,
    responses: {
      201: { description: 'Placed', schema: legalHoldCreated },
      409: { description: 'The account is already being erased or has been' },
      422: { description: 'A field has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/admin/legal-holds',
    service: 'retention',
    access: 'staff',
    body: 'none',
    summary: 'Legal holds (staff)',
    description: 'Active and lifted holds, newest first (`releasedAt` is null while a hold is active). Paged: a longer list links its next page in `Link`.',
    query: {
      accountId: { description: "Only this account's holds" },
      active: { description: '`true`: only active holds; `false`: only lifted ones', schema: z.enum(['true', 'false']) },
      ...PAGE_QUERY_DOCS,
    },
    responses: {
      200: { description: 'The holds, newest first', schema: z.array(legalHoldView) },
      422: { description: 'A query value has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'DELETE',
    path: '/admin/legal-holds/:id',
    service: 'retention',
    access: 'staff',
    body: 'none',
    summary: 'Remove a legal hold (staff)',
    description: "Idempotent. A closed account's erasure then runs, unless another hold still applies.",
    responses: { 204: { description: 'Removed (or already removed)' }, 404: { description: 'No such hold' } },
  },
  // ---- retention: privacy requests (R12, R22, R23) -------------------------------------------
  {
    method: 'POST',
    path: '/privacy-requests',
    service: 'retention',
    access: 'session',
    body: 'json',
    summary: 'Make a privacy request',
    description:
      'Access, rectification, erasure, objection or a question (R12, R22). `dueAt` is one calendar month after receipt, UTC (GDPR Art. 12(3)): the same day of the next month, or its last day when that month is shorter. `message`: 1-5000 characters; line breaks and tabs, no other control characters.',
    requestSchema: createPrivacyRequestBody,
    responses: {
      201: { description: 'Received; its id and due date', schema: privacyRequestCreatedView },
      422: { description: 'A field has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/me/privacy-requests',
    service: 'retention',
    access: 'session',
    body: 'none',
    summary: 'My privacy requests',
    description: 'Newest first; `response` and `answeredAt` once staff have answered or rejected a request.',
    responses: { 200: { description: 'My requests, newest first', schema: z.array(privacyRequestView) } },
  },
  {
    method: 'GET',
    path: '/admin/privacy-requests',
    service: 'retention',
    access: 'staff',
    body: 'none',
    summary: 'Every privacy request (staff)',
    description:
      'With whose it is, the message, and `overdue: true` for an open request past its `dueAt`. Newest first, or with `order=due` earliest due date first (with `status=open`: the work queue, overdue requests leading). Paged: a longer list links its next page in `Link`.',
    query: {
      status: { description: '`open`, `answered` or `rejected`: only requests in that state', schema: z.enum(PRIVACY_REQUEST_STATUSES) },
      order: { description: '`newest` (received, newest first; the default) or `due` (earliest due date first)', schema: z.enum(PRIVACY_REQUEST_ORDERS) },
      ...PAGE_QUERY_DOCS,
    },
    responses: {
      200: { description: 'The requests in the order asked for', schema: z.array(staffPrivacyRequestView) },
      422: { description: 'A query value has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/admin/privacy-requests/:id',
    service: 'retention',
    access: 'staff',
    body: 'none',
    summary: 'One privacy request (staff)',
    responses: {
      200: { description: 'The request as the staff list shows it', schema: staffPrivacyRequestView },
      404: { description: 'No such privacy request' },
    },
  },
  {
    method: 'PATCH',
    path: '/admin/privacy-requests/:id',
    service: 'retention',
    access: 'staff',
    body: 'json',
    summary: 'Answer or reject a privacy request (staff)',
    description:
      'Closes an open request with the answer the person reads on their account page; they get a transactional mail saying it was answered or rejected (without the answer). `PrivacyRequestAnswered` goes out on `privacy.request.v1`.',
    requestSchema: answerPrivacyRequestBody,
    responses: {
      200: { description: 'The request as it is now', schema: staffPrivacyRequestView },
      404: { description: 'No such privacy request' },
      409: { description: 'The request is already answered or rejected' },
      422: { description: 'A field has the wrong shape (named in `errors`)' },
    },
  },
  // ---- retention: my data export (R11) ---------------------------------------------------------
  {
    method: 'POST',
    path: '/me/exports',
    service: 'retention',
    access: 'session',
    body: 'none',
    summary: 'Ask for a copy of all my data',
    description:
      'Every service that holds personal data sends its section; the export is then ready for `EXPORT_TTL_MS` (48 h). At most one pending export per person: while one is pending, the answer is its id.',
    responses: { 202: { description: 'Accepted; the export id (the pending one, if there is one)', schema: exportCreatedView } },
  },
  {
    method: 'GET',
    path: '/me/exports',
    service: 'retention',
    access: 'session',
    body: 'none',
    summary: 'My exports',
    description: 'My exports that have not expired, newest first, each as `GET /me/exports/:id` shows it.',
    responses: { 200: { description: 'My exports, newest first', schema: myExportsView } },
  },
  {
    method: 'GET',
    path: '/me/exports/:id',
    service: 'retention',
    access: 'session',
    body: 'none',
    summary: 'The state of my export',
    description: '`pending` until every service has answered, then `ready` (with `readyAt`, `expiresAt`); `failed` when one did not answer in time.',
    responses: {
      200: { description: 'My export', schema: exportStatusView },
      404: { description: 'No such export of mine, or it has expired' },
    },
  },
  {
    method: 'GET',
    path: '/me/exports/:id/download',
    service: 'retention',
    access: 'session',
    body: 'none',
    summary: 'Download my export',
    description:
      'JSON with `Content-Disposition: attachment; filename="sargs-export-<id>.json"`: per service, per table, the rows about me. Secrets (password and token hashes) are never part of it.',
    responses: {
      200: { description: 'The export', schema: exportDocumentView },
      404: { description: 'No such export of mine, it failed, or it has expired' },
      409: { description: 'The export is still pending' },
    },
  },
  // ---- retention: an organisation's export (R24, docs/tenancy.md) -----------------------------
  {
    method: 'POST',
    path: '/orgs/:id/exports',
    service: 'retention',
    access: 'session',
    tenant: ORG_MANAGERS_ONLY,
    body: 'none',
    summary: "Ask for a copy of all the organisation's data",
    description:
      'Every service that holds tenant data sends the organisation\'s rows (the organisation, its members, contacts, DPA acceptances); retention adds the audit entries about the organisation. The export is then ready for `EXPORT_TTL_MS` (48 h). At most one pending export per organisation: while one is pending, the answer is its id. `owner` or `admin`.',
    responses: {
      202: { description: 'Accepted; the export id (the pending one, if there is one)', schema: exportCreatedView },
    },
  },
  {
    method: 'GET',
    path: '/orgs/:id/exports',
    service: 'retention',
    access: 'session',
    tenant: ORG_MANAGERS_ONLY,
    body: 'none',
    summary: "The organisation's exports",
    description: 'Exports that have not expired, newest first, each as `GET /orgs/:id/exports/:eid` shows it. `owner` or `admin`.',
    responses: {
      200: { description: 'The exports, newest first', schema: orgExportsView },
    },
  },
  {
    method: 'GET',
    path: '/orgs/:id/exports/:eid',
    service: 'retention',
    access: 'session',
    tenant: ORG_MANAGERS_ONLY,
    body: 'none',
    summary: "The state of an organisation's export",
    description: '`pending` until every service has answered, then `ready` (with `readyAt`, `expiresAt`); `failed` when one did not answer in time. An export of another organisation is 404 here, as an unknown id.',
    responses: {
      200: { description: 'The export', schema: exportStatusView },
      404: { description: 'No such export of this organisation, or it has expired; or no such organisation' },
    },
  },
  {
    method: 'GET',
    path: '/orgs/:id/exports/:eid/download',
    service: 'retention',
    access: 'session',
    tenant: ORG_MANAGERS_ONLY,
    body: 'none',
    summary: "Download an organisation's export",
    description:
      'JSON with `Content-Disposition: attachment; filename="sargs-organisation-export-<id>.json"`: per service, per table, the organisation\'s rows; `retention.audit_entry`: the audit entries whose subject is the organisation.',
    responses: {
      200: { description: 'The export', schema: orgExportDocumentView },
      404: { description: 'No such export of this organisation, it failed, or it has expired; or no such organisation' },
      409: { description: 'The export is still pending' },
    },
  },
  // ---- retention: an organisation's data-subject requests (GDPR Art. 28(3)(e)) -----------------
  {
    method: 'POST',
    path: '/orgs/:id/data-subject-requests',
    service: 'retention',
    access: 'session',
    tenant: ORG_MANAGERS_ONLY,
    body: 'json',
    summary: 'Pass on a data subject\'s request: what the organisation holds about an address, or its erasure',
    description:
      '`access` gathers the rows about the address from every service that holds tenant data; `erasure` deletes them. Both only within this organisation: another organisation\'s data about the same address is untouched. The address is kept only until every service has answered, then erased (a keyed hash remains, so `GET ...?email=` still finds the request). `owner` or `admin`.',
    requestSchema: createDataSubjectRequestBody,
    responses: {
      202: { description: 'Accepted; the request id', schema: dataSubjectRequestCreatedView },
      422: { description: 'A field has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/orgs/:id/data-subject-requests',
    service: 'retention',
    access: 'session',
    tenant: ORG_MANAGERS_ONLY,
    body: 'none',
    summary: "The organisation's data-subject requests",
    description: 'Newest first, without results. Paged: a longer list links its next page in `Link`. `owner` or `admin`.',
    query: {
      email: { description: 'Only requests about this address (compared normalised; completed requests by the keyed hash of their address)' },
      ...PAGE_QUERY_DOCS,
    },
    responses: {
      200: { description: 'The requests, newest first', schema: z.array(dataSubjectRequestSummary) },
      422: { description: 'A query value has the wrong shape (named in `errors`)' },
    },
  },
  {
    method: 'GET',
    path: '/orgs/:id/data-subject-requests/:rid',
    service: 'retention',
    access: 'session',
    tenant: ORG_MANAGERS_ONLY,
    body: 'none',
    summary: 'One data-subject request and, once completed, its result',
    description:
      '`pending` until every service that holds tenant data has answered, then `completed` with `result`: per service, per table, the rows about the address (`access`, kept until `resultExpiresAt`) or how many rows were deleted (`erasure`).',
    responses: {
      200: { description: 'The request', schema: dataSubjectRequestView },
      404: { description: 'No such request in this organisation; or no such organisation' },
    },
  },
  // ---- retention: backups (R14) ------------------------------------------------------------
  {
    method: 'POST',
    path: '/admin/backups',
    service: 'retention',
    access: 'staff',
    body: 'none',
    summary: 'Take a backup now (staff)',
    description:
      'Besides the regular cycle: `pg_dump` of every service database with the read-only backup role, kept BACKUP_RETENTION_DAYS (at most 30) and then deleted. Follow it in GET /admin/backups. 409 while one runs, or when backups are off.',
    responses: {
      202: { description: 'Started; the backup id', schema: backupStartedView },
      409: { description: 'A backup is running, or backups are off (BACKUP_DATABASES not set)' },
    },
  },
  {
    method: 'GET',
    path: '/admin/backups',
    service: 'retention',
    access: 'staff',
    body: 'none',
    summary: 'The backup catalogue (staff)',
    description:
      'Every backup, newest first: when it started and finished, when it expires (startedAt + retention) and, per database, size and SHA-256. Expired backups stay listed as `deleted`.',
    responses: { 200: { description: 'The catalogue', schema: backupCatalogueView } },
  },
];
