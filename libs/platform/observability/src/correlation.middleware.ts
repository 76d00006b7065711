import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, currentCorrelationId, runWithCorrelation } from './correlation-context';

/** Adopts the caller's correlation id (or mints one) for the whole request and echoes it back. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  runWithCorrelation(req.header(CORRELATION_HEADER), () => {
    res.setHeader(CORRELATION_HEADER, currentCorrelationId() as string);
    next();
  });
}
