-- Suggestions the user rejected: that entity at that span of that article is
-- not a mention, so it is never suggested again. Not part of the history:
-- a rejection changes no annotation, entity or set.
CREATE TABLE rejected_suggestions (
    article_id  TEXT    NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id   TEXT    NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL CHECK (start >= 0),
    "end"       INTEGER NOT NULL CHECK ("end" > start),
    rejected_by TEXT    NOT NULL DEFAULT '',
    at          TEXT    NOT NULL,
    PRIMARY KEY (article_id, entity_id, start, "end")
) WITHOUT ROWID;
CREATE INDEX rejected_suggestions_entity ON rejected_suggestions(entity_id);
