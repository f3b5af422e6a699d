-- The registry: the revision log, the records' current state, import match keys, vocabulary
-- terms and API tokens. Same numbered file names and semantics as the PostgreSQL store.
--
-- Portable conventions (so both backends give byte-identical backups):
-- * record ids are lowercase hyphenated UUID text (PostgreSQL: UUID);
-- * timestamps are RFC 3339 UTC text with exactly six fractional digits,
--   e.g. 2025-01-02T03:04:05.123456Z (PostgreSQL: TIMESTAMPTZ);
-- * booleans are INTEGER 0/1 (PostgreSQL: BOOLEAN);
-- * JSON is TEXT exactly as serde_json wrote it, never re-encoded.

-- Every change to every record. `visibility` and `parties` are those of this snapshot, so an
-- old snapshot keeps the visibility it had. AUTOINCREMENT: an id is never handed out twice,
-- even after the newest revision is rolled back, because ids are the search index's cursor.
CREATE TABLE revisions (
    id          INTEGER NOT NULL CONSTRAINT revisions_pkey PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    author      TEXT NOT NULL,
    at          TEXT NOT NULL,
    summary     TEXT NOT NULL,
    visibility  TEXT NOT NULL,
    -- JSON array of organisation ids.
    parties     TEXT NOT NULL,
    snapshot    TEXT NOT NULL
);

-- A record's history, newest first.
CREATE INDEX revisions_record_idx ON revisions (kind, record_id, id);

-- The current state of each record. The body is its latest revision's snapshot (joined through
-- `revision`), never stored twice. WITHOUT ROWID: rows are small and clustered by (kind, id),
-- which is exactly the order `list` pages in.
CREATE TABLE records (
    kind        TEXT NOT NULL,
    id          TEXT NOT NULL,
    revision    INTEGER NOT NULL CONSTRAINT records_revision_fkey REFERENCES revisions (id),
    label       TEXT NOT NULL,
    visibility  TEXT NOT NULL,
    -- JSON array of organisation ids.
    parties     TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CONSTRAINT records_pkey PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- Import match keys (`qid:Q42`, `name:…|SE`) of each record's latest revision. Name keys are
-- not unique, hence the record id in the key.
CREATE TABLE record_keys (
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    CONSTRAINT record_keys_pkey PRIMARY KEY (kind, key, record_id)
) WITHOUT ROWID;

-- Replacing a record's keys looks them up by record.
CREATE INDEX record_keys_record_idx ON record_keys (kind, record_id);

-- Vocabulary terms added by admins, on top of the built-in defaults.
CREATE TABLE vocabulary_terms (
    vocabulary  TEXT NOT NULL,
    key         TEXT NOT NULL,
    label       TEXT NOT NULL,
    author      TEXT NOT NULL,
    at          TEXT NOT NULL,
    CONSTRAINT vocabulary_terms_pkey PRIMARY KEY (vocabulary, key)
);

-- API tokens: only the SHA-256 of the secret is stored.
CREATE TABLE api_tokens (
    name        TEXT NOT NULL,
    hash        TEXT NOT NULL,
    -- JSON array of roles.
    roles       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT,
    revoked_at  TEXT,
    CONSTRAINT api_tokens_pkey PRIMARY KEY (name),
    CONSTRAINT api_tokens_hash_key UNIQUE (hash)
);
