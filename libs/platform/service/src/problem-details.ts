import { STATUS_CODES } from 'node:http';

/** RFC 9457 problem details: the one error shape of every Sargs HTTP answer. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(status: number, detail: string, errors?: ProblemDetails['errors']): ProblemDetails {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}
