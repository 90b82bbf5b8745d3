package storage

import (
	"context"
	"database/sql"
	"encoding/json"

	"daftar/model"
)

func readSchema(ctx context.Context, q querier) (model.Schema, error) {
	return queryRows(ctx, q, `SELECT name, kind, colour, hotkey, description FROM label_types ORDER BY position`, nil,
		func(rows *sql.Rows) (model.LabelType, error) {
			var t model.LabelType
			var kind string
			err := rows.Scan(&t.Name, &kind, &t.Colour, &t.Hotkey, &t.Description)
			t.Kind = model.Kind(kind)
			return t, err
		})
}

func writeSchema(ctx context.Context, tx *sql.Tx, s model.Schema) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM label_types`); err != nil {
		return err
	}
	for i, t := range s {
		if _, err := tx.ExecContext(ctx, `INSERT INTO label_types(position, name, kind, colour, hotkey, description) VALUES (?,?,?,?,?,?)`,
			i, t.Name, string(t.Kind), t.Colour, t.Hotkey, t.Description); err != nil {
			return err
		}
	}
	return nil
}

// Schema returns the archive's label schema.
func (s *Store) Schema(ctx context.Context) (_ model.Schema, err error) {
	defer wrapOp(&err, "read the label schema")
	return readSchema(ctx, s.db)
}

// SetSchema replaces the label schema. A type still used by an annotation
// or entity cannot be removed.
func (s *Store) SetSchema(ctx context.Context, schema model.Schema) (err error) {
	defer wrapOp(&err, "save the label schema")
	return s.tx(ctx, func(tx *sql.Tx) error {
		var used string
		err := tx.QueryRowContext(ctx, `SELECT type FROM (SELECT type FROM annotations UNION SELECT type FROM entities)
			WHERE type COLLATE NOCASE NOT IN (SELECT value FROM json_each(?)) LIMIT 1`, schemaNames(schema)).Scan(&used)
		if err == nil {
			return &usedTypeError{used}
		}
		if err != sql.ErrNoRows {
			return err
		}
		return writeSchema(ctx, tx, schema)
	})
}

type usedTypeError struct{ name string }

func (e *usedTypeError) Error() string {
	return "label type " + e.name + " is still used by annotations or entities; retype them first"
}

func schemaNames(s model.Schema) string {
	names := make([]string, len(s))
	for i, t := range s {
		names[i] = t.Name
	}
	b, _ := json.Marshal(names) // a []string always marshals
	return string(b)
}

// Setting reads a value from the archive's settings ("" when unset).
func (s *Store) Setting(ctx context.Context, key string) (_ string, err error) {
	defer wrapOp(&err, "read setting %s", key)
	var v string
	err = s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, err
}

// SetSetting stores a value in the archive's settings.
func (s *Store) SetSetting(ctx context.Context, key, value string) (err error) {
	defer wrapOp(&err, "save setting %s", key)
	if err := s.writable(); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
