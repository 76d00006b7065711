import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { Reflector } from '@nestjs/core';
import type { RouteAccess, RouteRow, RouteSpecial } from '@sargs/contracts';
import { callerRuleOf } from '@sargs/platform/service';

/** One HTTP handler as Nest will mount it, and the caller rule its guard enforces. */
export interface HandlerRoute {
  method: string;
  path: string;
  access: RouteAccess;
  /** A tenant route's allowed member roles (the row's `tenant.roles`, the handler's @OrgMember). */
  orgRoles?: string[];
}

type ModuleRef = Type | DynamicModule | Promise<DynamicModule>;

const joinPath = (...parts: string[]): string => `/${parts.flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;

function controllersUnder(roots: readonly ModuleRef[]): Set<Type> {
  const seen = new Set<Type>();
  const controllers = new Set<Type>();
  const visit = (ref: ModuleRef): void => {
    if (ref instanceof Promise) throw new Error('async dynamic modules are not walked');
    const type = 'module' in ref ? ref.module : ref;
    if (seen.has(type)) return;
    seen.add(type);
    const dynamic = 'module' in ref ? ref : undefined;
    const metadata = (key: string): unknown[] => (Reflect.getMetadata(key, type) as unknown[] | undefined) ?? [];
    for (const controller of [...metadata(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])]) controllers.add(controller as Type);
    for (const imported of [...metadata(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])]) {
      if (typeof imported === 'function' || (typeof imported === 'object' && imported !== null && 'module' in imported)) visit(imported as ModuleRef);
    }
  };
  roots.forEach(visit);
  return controllers;
}

const ACCESS = { 'signed-in': 'session', staff: 'staff', 'org-member': 'session' } as const;

/**
 * Every handler the feature modules mount (through their imports), read from Nest's own route
 * metadata and the caller rules: what a routes spec compares with the service's public rows.
 */
export function handlerRoutes(features: readonly ModuleRef[]): HandlerRoute[] {
  const reflector = new Reflector();
  const routes: HandlerRoute[] = [];
  for (const controller of controllersUnder(features)) {
    const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined].flat()[0] ?? '';
    const prototype = controller.prototype as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[key];
      if (key === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || paths === undefined) continue;
      const rule = callerRuleOf(reflector, handler, controller);
      for (const path of [paths].flat()) {
        const orgRoles = rule?.kind === 'org-member' ? { orgRoles: [...rule.roles].sort() } : {};
        routes.push({ method: RequestMethod[method], path: joinPath(base, path), access: rule ? ACCESS[rule.kind] : 'public', ...orgRoles });
      }
    }
  }
  return routes.sort(byRoute);
}

/**
 * Rows the gateway answers from other calls, so no handler has their method and path: GET /me is
 * composed from the session lookup and profile, PUT /preferences/language sets a cookie and, signed
 * in, calls PATCH /me/profile (docs/gateway.md). Login and logout are forwarded as they are.
 */
const COMPOSED_BY_GATEWAY: ReadonlySet<RouteSpecial> = new Set(['compose-me', 'set-language']);

/** The same view of a service's public rows (its `<SERVICE>_ROUTES`) that reach one of its handlers. */
export function rowRoutes(rows: readonly RouteRow[]): HandlerRoute[] {
  return rows
    .filter((row) => !row.special || !COMPOSED_BY_GATEWAY.has(row.special))
    .map(({ method, path, access, tenant }) => ({ method, path, access, ...(tenant ? { orgRoles: [...tenant.roles].sort() } : {}) }))
    .sort(byRoute);
}

function byRoute(a: HandlerRoute, b: HandlerRoute): number {
  return `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`);
}

/** The topics the consumer controllers under the feature modules read (their @EventPattern routes). */
export function handlerTopics(features: readonly ModuleRef[]): string[] {
  const topics = new Set<string>();
  for (const controller of controllersUnder(features)) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[key];
      if (key === 'constructor' || typeof handler !== 'function') continue;
      const patterns = (Reflect.getMetadata(PATTERN_METADATA, handler) as { topic?: string }[] | undefined) ?? [];
      for (const pattern of patterns) if (pattern.topic) topics.add(pattern.topic);
    }
  }
  return [...topics].sort();
}
