/**
 * The select-list expressions of an account's second factors (`totp`, `passkeys`) for a query
 * over `account a`: GET /me shows them, and the session lookup already joins the account.
 * Both are primary-key or indexed lookups, cheap on the hottest read.
 */
export const SECOND_FACTOR_SUMMARY_SQL = `EXISTS (SELECT 1 FROM totp_credential t WHERE t.account_id = a.id AND t.confirmed_at IS NOT NULL) AS totp,
  (SELECT count(*) FROM passkey p WHERE p.account_id = a.id)::int AS passkeys`;
