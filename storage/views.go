package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"daftar/model"
)

// This file holds the archive-wide views the screens need (every claim,
// mention counts, the overview) as single queries, and the compound
// actions that must be one history group (one undo step).

// ClaimFilter selects claims for Claims. Empty fields do not filter.
type ClaimFilter struct {
	Verdict    string
	ClaimantID string
	TargetID   string
	Source     string // the article's source, exactly
	// From and To bound the claim's date, or its article's published date
	// when the claim has none, as ISO 8601 prefixes, both inclusive:
	// To "2023-05" includes 2023-05-31. A claim with neither date is left
	// out when either bound is given.
	From, To string
	Limit    int // 0: no limit
}

// ClaimRow is one claim with its article and the names of its claimant and
// targets (in the claim's target order).
type ClaimRow struct {
	Claim            model.Annotation `json:"claim"`
	ArticleTitle     string           `json:"article_title"`
	ArticleSource    string           `json:"article_source,omitempty"`
	ArticlePublished string           `json:"article_published,omitempty"`
	ClaimantName     string           `json:"claimant_name,omitempty"`
	TargetNames      []string         `json:"target_names,omitempty"`
}

// claimDate is the date a claim is filtered and ordered by.
const claimDate = `coalesce(nullif(a.claim_date, ''), ar.published)`

// Claims lists the archive's claims matching f, newest first (by claim
// date, else the article's published date), with their articles' titles,
// sources and dates and their entities' names: two queries however many
// claims and articles there are.
func (s *Store) Claims(ctx context.Context, f ClaimFilter) (_ []ClaimRow, err error) {
	defer wrapOp(&err, "list claims")
	where := []string{`a.kind = 'claim'`}
	var args []any
	add := func(cond string, arg ...any) {
		where = append(where, cond)
		args = append(args, arg...)
	}
	if f.Verdict != "" {
		add(`a.verdict = ?`, f.Verdict)
	}
	if f.ClaimantID != "" {
		add(`a.claimant_id = ?`, f.ClaimantID)
	}
	if f.TargetID != "" {
		add(`a.id IN (SELECT annotation_id FROM claim_targets WHERE entity_id = ?)`, f.TargetID)
	}
	if f.Source != "" {
		add(`ar.source = ?`, f.Source)
	}
	if f.From != "" {
		add(claimDate+` <> '' AND `+claimDate+` >= ?`, f.From)
	}
	if f.To != "" {
		add(claimDate+` <> '' AND substr(`+claimDate+`, 1, ?) <= ?`, len(f.To), f.To)
	}
	limit := -1
	if f.Limit > 0 {
		limit = f.Limit
	}
	args = append(args, limit)
	byID := map[string]int{}
	out, err := queryRows(ctx, s.db, `SELECT `+annotationColumns+`, ar.title, ar.source, ar.published, coalesce(c.name, '')
		FROM annotations a JOIN articles ar ON ar.id = a.article_id LEFT JOIN entities c ON c.id = a.claimant_id
		WHERE `+strings.Join(where, ` AND `)+`
		ORDER BY `+claimDate+` DESC, ar.seq DESC, a.start, a.id LIMIT ?`, args, func(rows *sql.Rows) (ClaimRow, error) {
		var r ClaimRow
		a := &r.Claim
		var kind, created, updated, prov string
		err := rows.Scan(&a.ID, &a.ArticleID, &kind, &a.Type, &a.Start, &a.End, &a.Quote, &a.EntityID, &a.Annotator,
			&created, &updated, &a.Note, &a.ClaimantID, &a.Attribution, &a.Stance, &a.Verdict, &a.ClaimDate, &prov,
			&r.ArticleTitle, &r.ArticleSource, &r.ArticlePublished, &r.ClaimantName)
		a.Kind, a.CreatedAt, a.UpdatedAt = model.Kind(kind), parseTime(created), parseTime(updated)
		byID[a.ID] = len(byID)
		if err == nil {
			a.Provenance, err = decodeProvenance(prov)
		}
		return r, err
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]string, len(out))
	for i := range out {
		ids[i] = out[i].Claim.ID
	}
	err = eachRow(ctx, s.db, `SELECT t.annotation_id, t.entity_id, coalesce(e.name, '')
		FROM claim_targets t LEFT JOIN entities e ON e.id = t.entity_id
		WHERE t.annotation_id IN (SELECT value FROM json_each(?)) ORDER BY t.annotation_id, t.position`, []any{jsonList(ids)},
		func(rows *sql.Rows) error {
			var aid, eid, name string
			if err := rows.Scan(&aid, &eid, &name); err != nil {
				return err
			}
			if i, ok := byID[aid]; ok {
				out[i].Claim.TargetIDs = append(out[i].Claim.TargetIDs, eid)
				out[i].TargetNames = append(out[i].TargetNames, name)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// entityReferences lists (entity, annotation) pairs: mentions linked to an
// entity, claims naming it as claimant, and claims naming it as a target.
const entityReferences = `SELECT entity_id AS eid, id AS aid FROM annotations WHERE entity_id IS NOT NULL
	UNION ALL SELECT claimant_id, id FROM annotations WHERE claimant_id IS NOT NULL
	UNION ALL SELECT entity_id, annotation_id FROM claim_targets`

// EntityMentionCounts counts, for every entity referenced at least once,
// the annotations that refer to it (as the mention's entity, a claim's
// claimant or one of its targets; an annotation counts once): the length
// of Mentions for each entity, in one query.
func (s *Store) EntityMentionCounts(ctx context.Context) (_ map[string]int, err error) {
	defer wrapOp(&err, "count mentions")
	out := map[string]int{}
	if err := countInto(ctx, s.db, out, `SELECT eid, count(DISTINCT aid) FROM (`+entityReferences+`) GROUP BY eid`); err != nil {
		return nil, err
	}
	return out, nil
}

// EntityCount is an entity with its number of mentions.
type EntityCount struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Mentions int    `json:"mentions"`
}

// OverviewTopEntities is how many entities Overview ranks.
const OverviewTopEntities = 20

// Overview is what the overview screen charts.
type Overview struct {
	Articles    int            `json:"articles"`
	Annotations int            `json:"annotations"`
	Claims      int            `json:"claims"`
	Entities    int            `json:"entities"`
	Sets        int            `json:"sets"`
	Types       map[string]int `json:"annotation_types"` // annotations by type
	Languages   map[string]int `json:"languages"`        // articles by language; "" is "unknown"
	Verdicts    map[string]int `json:"verdicts"`         // claims by verdict; "" is no verdict yet
	TopEntities []EntityCount  `json:"top_entities"`     // most mentioned first, at most OverviewTopEntities
}

// Overview counts the archive for the overview screen, with one GROUP BY
// query per chart.
func (s *Store) Overview(ctx context.Context) (_ *Overview, err error) {
	defer wrapOp(&err, "count the archive")
	o := &Overview{Types: map[string]int{}, Languages: map[string]int{}, Verdicts: map[string]int{}}
	if err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM articles), (SELECT count(*) FROM annotations),
		(SELECT count(*) FROM annotations WHERE kind = 'claim'), (SELECT count(*) FROM entities),
		(SELECT count(*) FROM sets)`).Scan(&o.Articles, &o.Annotations, &o.Claims, &o.Entities, &o.Sets); err != nil {
		return nil, err
	}
	if err := countInto(ctx, s.db, o.Types, `SELECT type, count(*) FROM annotations GROUP BY type`); err != nil {
		return nil, err
	}
	if err := countInto(ctx, s.db, o.Languages, `SELECT language, count(*) FROM articles GROUP BY language`); err != nil {
		return nil, err
	}
	if n, ok := o.Languages[""]; ok {
		delete(o.Languages, "")
		o.Languages["unknown"] += n
	}
	if err := countInto(ctx, s.db, o.Verdicts, `SELECT verdict, count(*) FROM annotations WHERE kind = 'claim' GROUP BY verdict`); err != nil {
		return nil, err
	}
	top, err := queryRows(ctx, s.db, `SELECT e.id, e.name, e.type, r.n FROM
		(SELECT eid, count(DISTINCT aid) AS n FROM (`+entityReferences+`) GROUP BY eid) r
		JOIN entities e ON e.id = r.eid ORDER BY r.n DESC, e.name, e.id LIMIT ?`, []any{OverviewTopEntities},
		func(rows *sql.Rows) (EntityCount, error) {
			var c EntityCount
			err := rows.Scan(&c.ID, &c.Name, &c.Type, &c.Mentions)
			return c, err
		})
	if err != nil {
		return nil, err
	}
	o.TopEntities = append([]EntityCount{}, top...) // [] rather than null in JSON
	return o, nil
}

// countInto reads (key, count) rows into m.
func countInto(ctx context.Context, q querier, m map[string]int, query string, args ...any) error {
	return eachRow(ctx, q, query, args, func(rows *sql.Rows) error {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		m[k] += n
		return nil
	})
}

// ArticleSets lists the sets an article belongs to, by name, without
// members.
func (s *Store) ArticleSets(ctx context.Context, articleID string) (_ []model.Set, err error) {
	defer wrapOp(&err, "read the sets of article %s", articleID)
	return querySets(ctx, s.db, `WHERE id IN (SELECT set_id FROM set_members WHERE article_id = ?)`, articleID)
}

// CreateEntityAndLink adds an entity to the registry and links the given
// entity mentions to it, as one user action (one history group, so one
// undo takes back both).
func (s *Store) CreateEntityAndLink(ctx context.Context, actor string, e model.Entity, annotationIDs ...string) (_ *model.Entity, err error) {
	defer wrapOp(&err, "create entity %q and link %d annotation(s)", e.Name, len(annotationIDs))
	err = s.tx(ctx, func(tx *sql.Tx) error {
		return createEntityAndLink(ctx, tx, newHistory(actor), &e, annotationIDs)
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

func createEntityAndLink(ctx context.Context, tx *sql.Tx, h *history, e *model.Entity, annotationIDs []string) error {
	if err := prepareEntity(ctx, tx, e); err != nil {
		return err
	}
	if err := writeEntity(ctx, tx, e, false); err != nil {
		return err
	}
	if err := h.record(ctx, tx, model.ActionCreate, "entity", e.ID, nil, e); err != nil {
		return err
	}
	for _, id := range annotationIDs {
		before, err := getAnnotation(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Kind != model.KindEntity {
			return fmt.Errorf("annotation %s is a %s, not an entity mention: it cannot be linked to an entity", id, before.Kind)
		}
		upd := *before
		upd.EntityID, upd.UpdatedAt = e.ID, now()
		if err := updateAnnotationRow(ctx, tx, &upd); err != nil {
			return err
		}
		if err := h.record(ctx, tx, model.ActionUpdate, "annotation", id, before, &upd); err != nil {
			return err
		}
	}
	return nil
}

// UpdateClaimFromMentions updates a claim (as UpdateAnnotation does) whose
// claimant or targets may name unlinked entity mentions instead of
// entities: every id in claim.ClaimantID or claim.TargetIDs that is listed
// in mentionIDs is an annotation id; an entity named after that mention
// (its trimmed quote, of its type) is created, the mention is linked to it
// and the claim refers to the new entity. All of it is one user action
// (one history group, so one undo).
func (s *Store) UpdateClaimFromMentions(ctx context.Context, actor string, claim model.Annotation, mentionIDs ...string) (_ *model.Annotation, err error) {
	defer wrapOp(&err, "update claim %s", claim.ID)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		h := newHistory(actor)
		created := map[string]string{} // mention id -> new entity id
		resolve := func(id string) (string, error) {
			if id == "" || !slices.Contains(mentionIDs, id) {
				return id, nil
			}
			if eid, ok := created[id]; ok {
				return eid, nil
			}
			m, err := getAnnotation(ctx, tx, id)
			if err != nil {
				return "", err
			}
			if m.EntityID != "" { // linked meanwhile: use its entity
				created[id] = m.EntityID
				return m.EntityID, nil
			}
			e := model.Entity{Type: m.Type, Name: strings.TrimSpace(m.Quote)}
			if err := createEntityAndLink(ctx, tx, h, &e, []string{id}); err != nil {
				return "", err
			}
			created[id] = e.ID
			return e.ID, nil
		}
		var err error
		if claim.ClaimantID, err = resolve(claim.ClaimantID); err != nil {
			return err
		}
		var targets []string
		for _, t := range claim.TargetIDs {
			id, err := resolve(t)
			if err != nil {
				return err
			}
			if id != "" && !slices.Contains(targets, id) {
				targets = append(targets, id)
			}
		}
		claim.TargetIDs = targets
		before, err := getAnnotation(ctx, tx, claim.ID)
		if err != nil {
			return err
		}
		claim.ArticleID, claim.CreatedAt, claim.UpdatedAt = before.ArticleID, before.CreatedAt, now()
		if claim.Annotator == "" {
			claim.Annotator = before.Annotator
		}
		check, err := newAnnotationChecker(ctx, tx, tx)
		if err != nil {
			return err
		}
		if err := check.prepare(ctx, actor, &claim, nil); err != nil {
			return err
		}
		if err := updateAnnotationRow(ctx, tx, &claim); err != nil {
			return err
		}
		return h.record(ctx, tx, model.ActionUpdate, "annotation", claim.ID, before, &claim)
	})
	if err != nil {
		return nil, err
	}
	return &claim, nil
}
