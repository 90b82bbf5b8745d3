package model

import (
	"slices"
	"testing"
)

func TestAliasNames(t *testing.T) {
	e := Entity{Name: "Yoav Gallant", Aliases: []Alias{{Name: "يوآف غالانت", Lang: "ar"}, {Name: "Gallant"}}}
	if got := e.AliasNames(); !slices.Equal(got, []string{"يوآف غالانت", "Gallant"}) {
		t.Errorf("AliasNames = %q", got)
	}
	if got := (&Entity{Name: "x"}).AliasNames(); got == nil || len(got) != 0 {
		t.Errorf("no aliases: %#v, want an empty list", got)
	}
}
