-- Accounts, sessions, invitations, the audit log and rate-limit counters (issue #3). Same
-- numbered file names and semantics as the SQLite store. Secrets are never stored: sessions
-- and invitations are SHA-256 hashes of random tokens, passwords argon2id PHC strings.

-- People who log in. `username_key` is the username in lower case, so names are unique
-- without regard to case.
CREATE TABLE accounts (
    id             UUID NOT NULL,
    username       TEXT NOT NULL,
    username_key   TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    email          TEXT,
    password_hash  TEXT,
    -- JSON array of roles, as `Role` serialises.
    roles          TEXT NOT NULL,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    -- The Wikimedia OAuth 2.0 profile's `sub`.
    wikimedia_id   TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_username_key UNIQUE (username_key),
    CONSTRAINT accounts_wikimedia_id_key UNIQUE (wikimedia_id)
);

-- Logged-in sessions, shared by every server on this database.
CREATE TABLE sessions (
    hash             TEXT NOT NULL,
    account_id       UUID NOT NULL CONSTRAINT sessions_account_id_fkey REFERENCES accounts (id),
    csrf             TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    last_seen_at     TIMESTAMPTZ NOT NULL,
    idle_expires_at  TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (hash)
);

CREATE INDEX sessions_account_id_idx ON sessions (account_id);

-- Invitations to sign up; a row is deleted when used.
CREATE TABLE invitations (
    hash        TEXT NOT NULL,
    -- JSON array of roles.
    roles       TEXT NOT NULL,
    invited_by  UUID CONSTRAINT invitations_invited_by_fkey REFERENCES accounts (id),
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT invitations_pkey PRIMARY KEY (hash)
);

-- Security events, append-only. `account_id` has no foreign key: the log outlives what it
-- mentions. `detail` is JSON text.
CREATE TABLE audit_log (
    id          BIGSERIAL NOT NULL,
    kind        TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT,
    account_id  UUID,
    address     TEXT,
    detail      TEXT NOT NULL,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id)
);

-- Fixed-window counters for rate limits (`login:address:…`, `login:account:…`).
CREATE TABLE rate_limits (
    key             TEXT NOT NULL,
    count           INTEGER NOT NULL,
    window_ends_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT rate_limits_pkey PRIMARY KEY (key)
);

-- API tokens belong to an account and carry a scope (issue #3, item 4). Tokens made before
-- accounts existed have no account and keep their roles.
ALTER TABLE api_tokens ADD COLUMN account_id UUID CONSTRAINT api_tokens_account_id_fkey REFERENCES accounts (id);
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'admin';
