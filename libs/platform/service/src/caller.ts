import { createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { LANGUAGE_HINT_HEADER, languageHintOf, ORG_ROLES, STAFF_ROLES, uuidField, type Language, type OrgRole, type RoleName } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { NotAllowedError, NotFoundError, NotSignedInError } from './domain-errors';

/**
 * Who may call a handler, as the gateway's signed assertion tells it. The gateway checks the
 * same rule from its route row; a service never trusts one gate alone, and the routes spec of
 * each app holds the two in step.
 */
export type CallerRule =
  | { kind: 'signed-in' }
  | { kind: 'staff'; roles: readonly RoleName[]; detail: string }
  | { kind: 'org-member'; roles: readonly OrgRole[] };

export const CALLER_RULE = 'sargs:caller-rule';

/** A signed-in account must call this handler (or every handler of this controller). */
export const SignedIn = (): MethodDecorator & ClassDecorator => SetMetadata<string, CallerRule>(CALLER_RULE, { kind: 'signed-in' });

const ANY_STAFF: CallerRule = { kind: 'staff', roles: STAFF_ROLES, detail: `This needs the ${STAFF_ROLES.join(' or ')} role` };

/** A staff member must call this: any staff role, or only `roles`, refused with `detail` (403). */
export const Staff = (only?: { roles: readonly RoleName[]; detail: string }): MethodDecorator & ClassDecorator =>
  SetMetadata<string, CallerRule>(CALLER_RULE, only ? { kind: 'staff', ...only } : ANY_STAFF);

/**
 * A member of the organisation the path's `:id` names must call this, in one of `roles` (default:
 * any member). The gateway's assertion says who is a member (its `org` claim); an assertion for
 * another organisation, or none, is 404 with the body of an unknown organisation, a role not
 * allowed 403 (docs/api.md, "Organisations").
 */
export const OrgMember = (roles: readonly OrgRole[] = ORG_ROLES): MethodDecorator & ClassDecorator =>
  SetMetadata<string, CallerRule>(CALLER_RULE, { kind: 'org-member', roles });

/** What a non-member hears about an organisation: exactly what anyone hears about an id that does not exist. */
export const NO_SUCH_ORGANISATION = 'No such organisation';

/** The rule on a handler, its controller's when it has none (what the guard and the routes spec read). */
export function callerRuleOf(reflector: Reflector, handler: object, controller: object): CallerRule | undefined {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  return reflector.getAllAndOverride<CallerRule | undefined>(CALLER_RULE, [handler as Function, controller as Function]);
}

function signedInAccount(request: RequestWithAssertion): string | undefined {
  const sub = request.assertion?.sub;
  return sub && uuidField.safeParse(sub).success ? sub : undefined;
}

/** Global guard (registered by SargsServiceModule): enforces @SignedIn and @Staff on HTTP handlers. */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const rule = callerRuleOf(this.reflector, context.getHandler(), context.getClass());
    if (!rule) return true;
    const request = context.switchToHttp().getRequest<RequestWithAssertion>();
    if (!signedInAccount(request)) throw new NotSignedInError();
    if (rule.kind === 'staff' && !request.assertion?.roles.some((role) => rule.roles.includes(role))) throw new NotAllowedError(rule.detail);
    if (rule.kind === 'org-member') {
      const org = request.assertion?.org;
      const params = request.params as Record<string, string | undefined>;
      if (!org || params.id !== org.id) throw new NotFoundError(NO_SUCH_ORGANISATION);
      if (!rule.roles.includes(org.role)) throw new NotAllowedError(`This needs the ${rule.roles.join(' or ')} role in the organisation`);
    }
    return true;
  }
}

/** The signed-in account's id. Throws 401 even where the guard let an anonymous call through. */
export const Account = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const account = signedInAccount(context.switchToHttp().getRequest<RequestWithAssertion>());
  if (!account) throw new NotSignedInError();
  return account;
});

/** The caller's organisation and role on an @OrgMember handler (the guard has checked both), with the caller's account. */
export interface TenantCaller {
  orgId: string;
  role: OrgRole;
  accountId: string;
}

export const Tenant = createParamDecorator((_: unknown, context: ExecutionContext): TenantCaller => {
  const request = context.switchToHttp().getRequest<RequestWithAssertion>();
  const account = signedInAccount(request);
  const org = request.assertion?.org;
  if (!account) throw new NotSignedInError();
  if (!org) throw new NotFoundError(NO_SUCH_ORGANISATION);
  return { orgId: org.id, role: org.role, accountId: account };
});

/** The signed-in session's id (the gateway's `sid`): for "this session" (logout, keep it on a password change). 401 without one. */
export const SessionId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<RequestWithAssertion>();
  const sid = request.assertion?.sid;
  if (!signedInAccount(request) || !sid) throw new NotSignedInError();
  return sid;
});

/** The signed-in account's id on a public route that also serves the signed-in (optional session), else undefined. */
export const OptionalAccount = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined =>
  signedInAccount(context.switchToHttp().getRequest<RequestWithAssertion>()),
);

/** The language the gateway hinted (the `lang` cookie, else Accept-Language), when it is one we speak. */
export const LanguageHint = createParamDecorator(
  (_: unknown, context: ExecutionContext): Language | undefined => languageHintOf(context.switchToHttp().getRequest<RequestWithAssertion>().headers[LANGUAGE_HINT_HEADER]),
);
