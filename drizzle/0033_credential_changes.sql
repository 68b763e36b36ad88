-- A server keeps the rows of the API tokens its requests were sent with, for at most 30
-- seconds (src/server/auth/token.cache.ts, decision 0033). A change to anything a token's
-- caller is made of (the token, the user's name, role and active flag, the user's sites) is
-- announced to every server listening on "tandem_credentials", which forgets what it kept.
-- Statement triggers: one notice a statement, and PostgreSQL folds a transaction's equal
-- notices into one. The touch of a token's last use (last_used_at) and a sign-in's
-- (last_sign_in_at) announce nothing.
CREATE OR REPLACE FUNCTION credentials_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tandem_credentials', '');
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER api_tokens_credentials_changed AFTER DELETE OR TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();--> statement-breakpoint
CREATE TRIGGER api_tokens_credentials_updated AFTER UPDATE OF user_id, token_hash, revoked_at, expires_at ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();--> statement-breakpoint
CREATE TRIGGER users_credentials_changed AFTER DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();--> statement-breakpoint
CREATE TRIGGER users_credentials_updated AFTER UPDATE OF id, name, role, active ON users
  FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();--> statement-breakpoint
CREATE TRIGGER user_sites_credentials_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_sites
  FOR EACH STATEMENT EXECUTE FUNCTION credentials_changed();
