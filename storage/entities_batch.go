package storage

import (
	"context"
	"fmt"

	"daftar/model"
)

// EntitiesByID returns the entities with the given ids, with their aliases,
// keyed by id; ids that name no entity are left out. One query for all of
// them (the reader needs every entity its article's annotations link to).
func (s *Store) EntitiesByID(ctx context.Context, ids []string) (map[string]*model.Entity, error) {
	out := make(map[string]*model.Entity, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	list, err := queryEntities(ctx, s.db, `WHERE e.id IN (SELECT value FROM json_each(?))`, jsonList(ids))
	if err != nil {
		return nil, fmt.Errorf("read %d entities: %w", len(ids), err)
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}
