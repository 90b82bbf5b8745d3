-- The search index. SQLite's tokenizer knows nothing of Arabic (it splits
-- words at harakat and never folds hamza forms), so the text is folded in Go
-- (package textnorm) and only the folded and stemmed forms are indexed. The
-- table is contentless: snippets and highlights are computed in Go from the
-- original text, which also keeps the archive small. rowid = articles.seq.
-- Rows are filled by the Go step of this migration.
CREATE VIRTUAL TABLE article_fts USING fts5(
    title_fold, text_fold, title_stem, text_stem,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
