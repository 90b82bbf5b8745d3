-- Core tables: articles, entities, annotations (entities and claims), sets,
-- the label schema and the history of every change.

CREATE TABLE articles (
    seq           INTEGER PRIMARY KEY,          -- rowid, shared with the search index
    id            TEXT    NOT NULL UNIQUE,      -- UUIDv7
    title         TEXT    NOT NULL DEFAULT '',
    text          TEXT    NOT NULL,             -- canonical text, immutable
    source        TEXT    NOT NULL DEFAULT '',
    url           TEXT    NOT NULL DEFAULT '',
    author        TEXT    NOT NULL DEFAULT '',
    published     TEXT    NOT NULL DEFAULT '',  -- ISO 8601, possibly partial
    place         TEXT    NOT NULL DEFAULT '',
    language      TEXT    NOT NULL DEFAULT '',
    direction     TEXT    NOT NULL DEFAULT '',
    sha256        TEXT    NOT NULL UNIQUE,
    simhash       INTEGER NOT NULL DEFAULT 0,
    origin_file   TEXT    NOT NULL DEFAULT '',
    origin_format TEXT    NOT NULL DEFAULT '',
    notes         TEXT    NOT NULL DEFAULT '',
    imported_at   TEXT    NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE article_tags (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;

CREATE TABLE label_types (
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
    kind        TEXT    NOT NULL CHECK (kind IN ('entity', 'claim')),
    colour      TEXT    NOT NULL,
    hotkey      TEXT    NOT NULL DEFAULT '',
    description TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE entities (
    id         TEXT NOT NULL PRIMARY KEY,
    type       TEXT NOT NULL,
    name       TEXT NOT NULL,
    wikidata   TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE entity_aliases (
    entity_id TEXT    NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    lang      TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, position)
) WITHOUT ROWID;

CREATE TABLE annotations (
    id          TEXT    NOT NULL PRIMARY KEY,
    article_id  TEXT    NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('entity', 'claim')),
    type        TEXT    NOT NULL,
    start       INTEGER NOT NULL CHECK (start >= 0),
    "end"       INTEGER NOT NULL CHECK ("end" > start),
    quote       TEXT    NOT NULL,
    entity_id   TEXT    REFERENCES entities(id) ON DELETE SET NULL,
    annotator   TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    claimant_id TEXT    REFERENCES entities(id) ON DELETE SET NULL,
    attribution TEXT    NOT NULL DEFAULT '',
    stance      TEXT    NOT NULL DEFAULT '',
    verdict     TEXT    NOT NULL DEFAULT '',
    claim_date  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX annotations_article ON annotations(article_id, start);
CREATE INDEX annotations_entity ON annotations(entity_id);
CREATE INDEX annotations_type ON annotations(type);
CREATE INDEX annotations_verdict ON annotations(verdict) WHERE kind = 'claim';

CREATE TABLE claim_targets (
    annotation_id TEXT    NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    entity_id     TEXT    NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    PRIMARY KEY (annotation_id, position)
) WITHOUT ROWID;
CREATE INDEX claim_targets_entity ON claim_targets(entity_id);

CREATE TABLE sets (
    id         TEXT NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    query      TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE set_members (
    set_id     TEXT NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (set_id, article_id)
) WITHOUT ROWID;
CREATE INDEX set_members_article ON set_members(article_id);

-- Every create/update/delete of annotations (claims included), entities,
-- sets and set membership. before/after hold the object's JSON.
CREATE TABLE history (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    grp         TEXT NOT NULL,      -- one user action; undo reverts a whole group
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    object_kind TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    before      TEXT NOT NULL DEFAULT '',
    after       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_object ON history(object_id);
CREATE INDEX history_grp ON history(grp);

CREATE TABLE settings (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
