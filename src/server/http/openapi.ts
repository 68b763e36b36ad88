import { errorOutput } from '../../core/schemas.ts';

/** The error answers every authenticated route may give, for the OpenAPI description. */
export const errorResponses = {
  400: errorOutput,
  401: errorOutput,
  403: errorOutput,
  404: errorOutput,
  409: errorOutput,
} as const;
