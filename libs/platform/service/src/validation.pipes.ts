import { Body, Param, Query, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { uuidField } from '@sargs/contracts';
import { NotFoundError } from './domain-errors';
import { parseInput } from './input-validation';

/** Validates a body or query with its contract schema: the handler gets the parsed value, or the caller a 422 naming each field. */
export class ZodValidationPipe<S extends z.ZodTypeAny> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly detail?: string,
  ) {}

  transform(value: unknown): z.output<S> {
    return parseInput(this.schema, value, this.detail);
  }
}

/** The request body, parsed with `schema` (docs/architecture.md "Layout and conventions"). */
export const ZodBody = (schema: z.ZodTypeAny, detail?: string): ParameterDecorator => Body(new ZodValidationPipe(schema, detail));

/** The query string, parsed with `schema`; unknown parameters are the schema's business. */
export const ZodQuery = (schema: z.ZodTypeAny, detail?: string): ParameterDecorator => Query(new ZodValidationPipe(schema, detail));

/** A path id that must be a UUID: anything else is the same 404 as an unknown id, so probing learns nothing. */
class UuidOrNotFoundPipe implements PipeTransform<string, string> {
  constructor(private readonly notFound: string) {}

  transform(value: string): string {
    if (!uuidField.safeParse(value).success) throw new NotFoundError(this.notFound);
    return value.toLowerCase();
  }
}

/** `@IdParam('id', 'No such privacy request')`: the path id, lower-cased, or a 404 with that detail. */
export const IdParam = (name: string, notFound: string): ParameterDecorator => Param(name, new UuidOrNotFoundPipe(notFound));
