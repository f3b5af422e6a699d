-- The registry: the revision log, the records' current state, import match keys, vocabulary
-- terms and API tokens. Same numbered file names and semantics as the SQLite store.

-- Every change to every record. `snapshot` is the record's JSON exactly as serde_json wrote it:
-- TEXT, not jsonb, so backups and history are byte-identical across backends.
-- `visibility` and `parties` are those of this snapshot: an old snapshot keeps the visibility
-- it had. Ids are handed out under an advisory lock so they commit in order (see revision.rs).
CREATE TABLE revisions (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL,
    record_id   UUID NOT NULL,
    action      TEXT NOT NULL,
    author      TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    summary     TEXT NOT NULL,
    visibility  TEXT NOT NULL,
    -- JSON array of organisation ids.
    parties     TEXT NOT NULL,
    snapshot    TEXT NOT NULL
);

-- A record's history, newest first.
CREATE INDEX revisions_record_idx ON revisions (kind, record_id, id);

-- The current state of each record. The body is its latest revision's snapshot (joined through
-- `revision`), never stored twice.
CREATE TABLE records (
    kind        TEXT NOT NULL,
    id          UUID NOT NULL,
    revision    BIGINT NOT NULL CONSTRAINT records_revision_fkey REFERENCES revisions (id),
    label       TEXT NOT NULL,
    visibility  TEXT NOT NULL,
    -- JSON array of organisation ids.
    parties     TEXT NOT NULL,
    deleted     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT records_pkey PRIMARY KEY (kind, id)
);

-- Import match keys (`qid:Q42`, `name:…|SE`) of each record's latest revision.
CREATE TABLE record_keys (
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    record_id   UUID NOT NULL,
    CONSTRAINT record_keys_pkey PRIMARY KEY (kind, key, record_id)
);

-- Replacing a record's keys looks them up by record.
CREATE INDEX record_keys_record_idx ON record_keys (kind, record_id);

-- Vocabulary terms added by admins, on top of the built-in defaults.
CREATE TABLE vocabulary_terms (
    vocabulary  TEXT NOT NULL,
    key         TEXT NOT NULL,
    label       TEXT NOT NULL,
    author      TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    CONSTRAINT vocabulary_terms_pkey PRIMARY KEY (vocabulary, key)
);

-- API tokens: only the SHA-256 of the secret is stored.
CREATE TABLE api_tokens (
    name        TEXT NOT NULL,
    hash        TEXT NOT NULL,
    -- JSON array of roles.
    roles       TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ,
    CONSTRAINT api_tokens_pkey PRIMARY KEY (name),
    CONSTRAINT api_tokens_hash_key UNIQUE (hash)
);
