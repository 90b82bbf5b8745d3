-- A news database's own id of an article (Factiva's accession number,
-- ProQuest's document id), prefixed with the database: "factiva:AN...".
-- Overlapping downloads of the same article often differ in a line or two
-- of text, so the content hash alone lets them in twice.
ALTER TABLE articles ADD COLUMN doc_id TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_doc_id ON articles(doc_id) WHERE doc_id <> '';
