import { Controller, Get, Post, type INestApplication, type NestMiddleware } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { NextFunction, Response } from 'express';
import request from 'supertest';
import { z } from 'zod';
import { LANGUAGE_HINT_HEADER, type Language, type RoleName } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { APP_LOGGER } from '@sargs/platform/observability';
import { Account, CallerGuard, LanguageHint, OptionalAccount, SessionId, SignedIn, Staff } from './caller';
import { ConflictError, InvalidTokenError, TemporarilyUnavailableError, TooManyAttemptsError } from './domain-errors';
import { ProblemDetailsFilter } from './problem-details.filter';
import { IdParam, ZodBody, ZodQuery } from './validation.pipes';

const ACCOUNT = '9b1f1d8e-2d55-4f7b-9d3c-5a1b2c3d4e5f';
const nameBody = z.object({ name: z.string().min(1).max(10) }).strict();
const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) });

/** One handler per kit piece; each answers what it was given, so the test sees what the kit passed on. */
@Controller('kit')
class KitController {
  @Get('public')
  open(@OptionalAccount() account: string | undefined, @LanguageHint() language: Language | undefined): unknown {
    return { account: account ?? null, language: language ?? null };
  }

  @SignedIn()
  @Post('names')
  name(@Account() account: string, @ZodBody(nameBody, 'The name is not valid') body: z.output<typeof nameBody>): unknown {
    return { account, name: body.name };
  }

  @SignedIn()
  @Get('session')
  session(@SessionId() sessionId: string): unknown {
    return { sessionId };
  }

  @Staff()
  @Get('records/:id')
  record(@IdParam('id', 'No such record') id: string, @ZodQuery(pageQuery) query: z.output<typeof pageQuery>): unknown {
    return { id, limit: query.limit };
  }

  @Staff({ roles: ['admin'], detail: 'Only an admin may do this' })
  @Post('roles')
  roles(): unknown {
    return { ok: true };
  }

  @Get('conflict')
  conflict(): never {
    throw new ConflictError('Already done', [{ field: 'version', message: 'is already published' }]);
  }

  @Get('token')
  token(): never {
    throw new InvalidTokenError('The link is not valid');
  }

  @Get('busy')
  busy(): never {
    throw new TooManyAttemptsError('Too many attempts', 30);
  }

  @Get('down')
  down(): never {
    throw new TemporarilyUnavailableError('Try again shortly', 1);
  }

  @Get('crash')
  crash(): never {
    throw new Error(`secret input ${ACCOUNT}`);
  }
}

/** Stands in for the assertion middleware: `x-test-caller: <sub>:<role,role>[:<sid>]`. */
class TestAssertion implements NestMiddleware {
  use(req: RequestWithAssertion, _res: Response, next: NextFunction): void {
    const caller = req.headers['x-test-caller'];
    if (typeof caller === 'string') {
      const [sub, roles, sid] = caller.split(':');
      req.assertion = { sub, sid, roles: (roles ? roles.split(',') : []) as RoleName[] } as RequestWithAssertion['assertion'];
    }
    next();
  }
}

describe('the service boundary kit: caller rules, pipes and problem answers', () => {
  let app: INestApplication;
  const errors: unknown[] = [];

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      controllers: [KitController],
      providers: [
        { provide: APP_LOGGER, useValue: { error: (...args: unknown[]) => errors.push(args) } },
        { provide: APP_GUARD, useClass: CallerGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    }).compile();
    app = module.createNestApplication({ logger: false });
    const assertion = new TestAssertion();
    app.use(assertion.use.bind(assertion));
    await app.init();
  });
  afterAll(() => app?.close());

  const as = (caller: string | undefined) => (test: request.Test) => (caller ? test.set('x-test-caller', caller) : test);

  it('lets anyone through a public route, with the account and language hint when there are any', async () => {
    expect((await request(app.getHttpServer()).get('/kit/public')).body).toEqual({ account: null, language: null });
    const signedIn = await as(`${ACCOUNT}:user`)(request(app.getHttpServer()).get('/kit/public').set(LANGUAGE_HINT_HEADER, 'lv'));
    expect(signedIn.body).toEqual({ account: ACCOUNT, language: 'lv' });
    // A language we do not speak is no hint at all.
    expect((await request(app.getHttpServer()).get('/kit/public').set(LANGUAGE_HINT_HEADER, 'xx')).body).toEqual({ account: null, language: null });
  });

  it('answers 401 before looking at the body on a @SignedIn route, and passes the parsed body on', async () => {
    const anonymous = await request(app.getHttpServer()).post('/kit/names').send({ nonsense: true });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/u);
    expect(anonymous.body).toMatchObject({ status: 401, detail: 'A signed-in account is required' });
    // A sub that is not an account id is no account.
    expect((await as('not-a-uuid:user')(request(app.getHttpServer()).post('/kit/names').send({ name: 'A' }))).status).toBe(401);

    const ok = await as(`${ACCOUNT}:user`)(request(app.getHttpServer()).post('/kit/names').send({ name: 'Anna' }));
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ account: ACCOUNT, name: 'Anna' });
  });

  it('gives a handler the session id, and answers 401 to a caller without one', async () => {
    expect((await as(`${ACCOUNT}:user:s-1`)(request(app.getHttpServer()).get('/kit/session'))).body).toEqual({ sessionId: 's-1' });
    expect((await as(`${ACCOUNT}:user`)(request(app.getHttpServer()).get('/kit/session'))).status).toBe(401);
  });

  it('refuses a bad body with 422 naming each field, without echoing it', async () => {
    const bad = await as(`${ACCOUNT}:user`)(request(app.getHttpServer()).post('/kit/names').send({ name: 'x'.repeat(11), extra: 'secret-value' }));
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toBe('The name is not valid');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'name']);
    expect(bad.text).not.toContain('secret-value');
    const nul = await as(`${ACCOUNT}:user`)(request(app.getHttpServer()).post('/kit/names').send({ name: 'a\u0000b' }));
    expect(nul.status).toBe(422);
    expect(nul.body.errors).toEqual([{ field: 'name', message: 'must not contain NUL characters' }]);
  });

  it('keeps staff routes to staff roles: 401 anonymous, 403 for a person, the role-limited rule with its own detail', async () => {
    const path = `/kit/records/${ACCOUNT.toUpperCase()}`;
    expect((await request(app.getHttpServer()).get(path)).status).toBe(401);
    const person = await as(`${ACCOUNT}:user`)(request(app.getHttpServer()).get(path));
    expect(person.status).toBe(403);
    expect(person.body.detail).toBe('This needs the admin or dpo role');
    const dpo = await as(`${ACCOUNT}:dpo`)(request(app.getHttpServer()).get(path));
    expect(dpo.body).toEqual({ id: ACCOUNT, limit: 20 });

    const dpoOnRoles = await as(`${ACCOUNT}:dpo`)(request(app.getHttpServer()).post('/kit/roles'));
    expect(dpoOnRoles.status).toBe(403);
    expect(dpoOnRoles.body.detail).toBe('Only an admin may do this');
    expect((await as(`${ACCOUNT}:user,admin`)(request(app.getHttpServer()).post('/kit/roles'))).status).toBe(201);
  });

  it('answers a non-UUID id as the same 404 as an unknown one, and a bad query with 422', async () => {
    const notId = await as(`${ACCOUNT}:admin`)(request(app.getHttpServer()).get('/kit/records/12345'));
    expect(notId.status).toBe(404);
    expect(notId.body.detail).toBe('No such record');
    expect((await as(`${ACCOUNT}:admin`)(request(app.getHttpServer()).get(`/kit/records/${ACCOUNT}?limit=500`))).status).toBe(422);
    expect((await as(`${ACCOUNT}:admin`)(request(app.getHttpServer()).get(`/kit/records/${ACCOUNT}?limit=5`))).body.limit).toBe(5);
  });

  it('maps each domain error to its status, with Retry-After where the caller may try again', async () => {
    const server = app.getHttpServer();
    expect((await request(server).get('/kit/conflict')).body).toMatchObject({ status: 409, detail: 'Already done', errors: [{ field: 'version', message: 'is already published' }] });
    expect((await request(server).get('/kit/token')).body).toMatchObject({ status: 400, detail: 'The link is not valid' });
    const busy = await request(server).get('/kit/busy');
    expect([busy.status, busy.headers['retry-after']]).toEqual([429, '30']);
    const down = await request(server).get('/kit/down');
    expect([down.status, down.headers['retry-after']]).toEqual([503, '1']);
  });

  it('turns an unexpected error into a bare 500 that carries nothing of the request, and logs it', async () => {
    const crash = await request(app.getHttpServer()).get('/kit/crash');
    expect(crash.status).toBe(500);
    expect(crash.body).toMatchObject({ status: 500, detail: 'An unexpected error occurred' });
    expect(crash.text).not.toContain(ACCOUNT);
    expect(errors.length).toBeGreaterThan(0);
  });
});
