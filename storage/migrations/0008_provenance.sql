-- How an adjudicated annotation was decided (model.Provenance as JSON):
-- which coders' records, by what rule, who decided and when. Empty for
-- every annotation a coder made.
ALTER TABLE annotations ADD COLUMN provenance TEXT NOT NULL DEFAULT '';
