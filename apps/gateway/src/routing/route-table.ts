import { z } from 'zod';
import {
  acceptedResponse,
  changePasswordBody,
  closureAccepted,
  closureBody,
  createdSessionView,
  emailOnlyBody,
  loginBody,
  meView,
  passwordResetConfirmBody,
  profileView,
  registerAccountBody,
  sessionView,
  verificationBody,
} from '@sargs/contracts';
import type { RouteRow } from './route';

/**
 * The public API (API.md) as data: a new service plugs in by adding rows here. Forwarding,
 * session checks, CSRF, rate limits and the OpenAPI document all read this one table.
 */
export const ROUTE_TABLE: readonly RouteRow[] = [
  // ---- accounts ---------------------------------------------------------------------------
  {
    method: 'POST',
    path: '/accounts',
    service: 'identity',
    access: 'public',
    body: 'json',
    rateLimit: 'sensitive',
    summary: 'Sign up',
    description:
      'Always the same 202 whether or not the address is registered; the owner of a registered address gets a notice without a token.',
    requestSchema: registerAccountBody,
    responses: {
      202: { description: 'Accepted; a verification mail is on its way', schema: acceptedResponse },
      422: { description: 'A field has the wrong shape, or the policy version is not the current one' },
    },
  },
  {
    method: 'POST',
    path: '/accounts/verification',
    service: 'identity',
    access: 'public',
    body: 'json',
    summary: 'Verify an e-mail address with the mailed token',
    requestSchema: verificationBody,
    responses: {
      204: { description: 'Verified' },
      400: { description: 'The token is unknown, used or expired' },
    },
  },
  {
    method: 'POST',
    path: '/accounts/verification/resend',
    service: 'identity',
    access: 'public',
    body: 'json',
    rateLimit: 'sensitive',
    summary: 'Send the verification mail again',
    requestSchema: emailOnlyBody,
    responses: { 202: { description: 'Accepted, whether or not the address is registered', schema: acceptedResponse } },
  },

  // ---- sessions ---------------------------------------------------------------------------
  {
    method: 'POST',
    path: '/sessions',
    service: 'identity',
    access: 'public',
    body: 'json',
    rateLimit: 'sensitive',
    special: 'create-session',
    summary: 'Log in',
    description: 'Sets the session cookie `__Host-sid` (HttpOnly, Secure, SameSite=Lax, Path=/); the body never carries the token.',
    requestSchema: loginBody,
    responses: {
      200: { description: 'Logged in; the cookie is set', schema: createdSessionView },
      401: { description: 'Wrong or unverified credentials (one body for every failure)' },
    },
  },
  {
    method: 'DELETE',
    path: '/sessions/current',
    service: 'identity',
    access: 'session',
    body: 'none',
    special: 'end-session',
    summary: 'Log out',
    responses: { 204: { description: 'Logged out; the cookie is cleared' } },
  },
  {
    method: 'GET',
    path: '/sessions',
    service: 'identity',
    access: 'session',
    body: 'none',
    summary: 'List my sessions',
    responses: { 200: { description: 'My active sessions; `current` marks this one', schema: z.array(sessionView) } },
  },
  {
    method: 'DELETE',
    path: '/sessions/:id',
    service: 'identity',
    access: 'session',
    body: 'none',
    summary: 'End one of my sessions',
    responses: { 204: { description: 'Ended' }, 404: { description: 'No such session of mine' } },
  },

  // ---- me ---------------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/me',
    service: 'identity',
    access: 'session',
    body: 'none',
    special: 'compose-me',
    summary: 'My account and profile',
    description: "Composed by the gateway from identity's account and profile's name and language.",
    responses: { 200: { description: 'Me', schema: meView } },
  },
  {
    method: 'PUT',
    path: '/me/password',
    service: 'identity',
    access: 'session',
    body: 'json',
    summary: 'Change my password',
    requestSchema: changePasswordBody,
    responses: {
      204: { description: 'Changed; my other sessions are revoked' },
      422: { description: 'Wrong current password, or a new password the policy refuses' },
    },
  },
  {
    method: 'POST',
    path: '/password-resets',
    service: 'identity',
    access: 'public',
    body: 'json',
    rateLimit: 'sensitive',
    summary: 'Request a password reset mail',
    requestSchema: emailOnlyBody,
    responses: { 202: { description: 'Accepted, whether or not the address is registered', schema: acceptedResponse } },
  },
  {
    method: 'POST',
    path: '/password-resets/confirm',
    service: 'identity',
    access: 'public',
    body: 'json',
    rateLimit: 'sensitive',
    summary: 'Set a new password with the mailed token',
    requestSchema: passwordResetConfirmBody,
    responses: {
      204: { description: 'Changed; every session is revoked' },
      400: { description: 'The token is unknown, used or expired' },
    },
  },
  {
    method: 'POST',
    path: '/me/closure',
    service: 'identity',
    access: 'session',
    body: 'json',
    summary: 'Close my account',
    description: 'Revokes every session and refuses login at once; erasure follows (R13).',
    requestSchema: closureBody,
    responses: {
      202: { description: 'Closure accepted; the erasure case id', schema: closureAccepted },
      422: { description: 'Wrong password' },
    },
  },

  // ---- staff ------------------------------------------------------------------------------
  {
    method: 'POST',
    path: '/admin/accounts/:id/closure',
    service: 'identity',
    access: 'staff',
    body: 'none',
    summary: "Close a person's account (staff)",
    responses: {
      202: { description: 'Closure accepted; the erasure case id', schema: closureAccepted },
      404: { description: 'No such account' },
    },
  },

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
];
