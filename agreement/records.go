package agreement

import "daftar/model"

// FromRecords turns articles and their annotations into Compute's input.
// A coder counts as having coded an article when they have at least one
// annotation in it; entity annotations are spans, claims are claims.
func FromRecords(articles []model.Article, annotations []model.Annotation) []Article {
	by := map[string]map[string]Coding{}
	for _, a := range annotations {
		if by[a.ArticleID] == nil {
			by[a.ArticleID] = map[string]Coding{}
		}
		c := by[a.ArticleID][a.Annotator]
		sp := Span{Start: a.Start, End: a.End, Type: a.Type, Entity: a.EntityID}
		if a.Kind == model.KindClaim {
			sp.Entity = ""
			c.Claims = append(c.Claims, Claim{Span: sp, Verdict: a.Verdict, Stance: a.Stance, Claimant: a.ClaimantID, Targets: a.TargetIDs})
		} else {
			c.Spans = append(c.Spans, sp)
		}
		by[a.ArticleID][a.Annotator] = c
	}
	arts := make([]Article, len(articles))
	for i, a := range articles {
		arts[i] = NewArticle(a.ID, a.Text, by[a.ID])
	}
	return arts
}
