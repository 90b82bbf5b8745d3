-- The search index without per-row lengths (columnsize=0): FTS5's bm25 then
-- gives every row an upper bound of its score at a tenth of the cost, and
-- search computes the true score of the few rows that can reach a page
-- (storage/rank.go). contentless_delete needs the lengths, so rows are
-- removed with FTS5's 'delete' command and the values they were indexed
-- with. Rows are filled again by the Go step of this migration.
DROP TABLE article_fts;
CREATE VIRTUAL TABLE article_fts USING fts5(
    title_fold, text_fold, title_stem, text_stem,
    content = '',
    columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 0'
);
