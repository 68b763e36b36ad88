/**
 * Two people saving the same name at the same moment both pass the "is it free?"
 * check; the database's unique constraint stops the second. These turn that
 * failure into the same 409 the check gives, instead of a 500.
 */

/** True when a query failed because it would break the named unique constraint (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const { code, constraint: name } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505') return name === constraint;
  }
  return false;
}

/** For `.catch(...)` on an insert or update: the given error for that constraint, any other error as it was. */
export function onUniqueViolation(constraint: string, toError: () => Error) {
  return (err: unknown): never => {
    throw isUniqueViolation(err, constraint) ? toError() : err;
  };
}
