-- The library lists every article by import order with its metadata. The
-- articles table's pages also hold the long text, so listing 100,000
-- articles read the whole file (about 400 MB). This covering index holds just
-- the listed columns in seq order (about 17 MB for 100,000 articles), so the
-- list, the count and the count by language read it instead of the table.
CREATE INDEX articles_list ON articles(seq, id, title, source, published, language, direction, imported_at);
