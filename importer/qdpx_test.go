package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"daftar/model"
	"daftar/storage"
)

// A bare .qde written by hand as another QDA tool would: a code folder
// with a hierarchy, an Arabic code name, a user map, a note by NoteRef, a
// source in sources/ beside it and one inline, a source the archive does
// not hold (a new article), an audio source, and a set.
func TestQDPXHandWrittenProject(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	src, dir := t.TempDir(), t.TempDir()
	for i, text := range []string{extTextA, extTextB} {
		os.WriteFile(filepath.Join(src, fmt.Sprintf("s%d.txt", i)), []byte(text), 0o644)
	}
	if rep, err := Run(ctx, store, []string{src}, Options{}, nil); err != nil || rep.Imported != 2 {
		t.Fatalf("import: %v %+v", err, rep)
	}
	list, err := store.ListArticles(ctx, storage.ListOptions{})
	if err != nil || len(list) != 2 {
		t.Fatalf("articles: %v %v", list, err)
	}
	var ids []string
	for _, a := range list {
		ids = append(ids, a.ID)
	}
	slices.Sort(ids)
	pos := func(text, sub string) string {
		i := strings.Index(text, sub)
		if i < 0 {
			t.Fatalf("%q not in %q", sub, text)
		}
		s := utf8.RuneCountInString(text[:i])
		return fmt.Sprintf(`startPosition="%d" endPosition="%d"`, s, s+utf8.RuneCountInString(sub))
	}
	os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
	os.WriteFile(filepath.Join(dir, "sources", "a.txt"), []byte(extTextA), 0o644)
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="pilot" origin="QualCoder">
 <Users><User guid="{AAAAAAAA-0000-0000-0000-000000000001}" name="Lina"/><User guid="aaaaaaaa-0000-0000-0000-000000000002" name="Omar"/></Users>
 <CodeBook><Codes>
  <Code guid="c0000000-0000-0000-0000-000000000001" name="Topics" isCodable="false">
   <Code guid="c0000000-0000-0000-0000-000000000002" name="Politics" isCodable="true" color="#33cc33">
    <Description>who governs</Description>
    <Code guid="c0000000-0000-0000-0000-000000000003" name="Iran" isCodable="true"/>
   </Code>
  </Code>
  <Code guid="c0000000-0000-0000-0000-000000000004" name="أماكن" isCodable="true" color="#abc"/>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="50000000-0000-0000-0000-000000000001" name="Tehran story" plainTextPath="internal://a.txt">
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000001" name="ناصر كنعاني" ` + pos(extTextA, "ناصر كنعاني") + ` creatingUser="AAAAAAAA-0000-0000-0000-000000000001">
    <Description>the spokesman</Description>
    <Coding guid="d0000000-0000-0000-0000-000000000001"><CodeRef targetGUID="c0000000-0000-0000-0000-000000000002"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000002" name="إير" ` + pos(extTextA, "إيران") + `>
    <Coding guid="d0000000-0000-0000-0000-000000000002" creatingUser="aaaaaaaa-0000-0000-0000-000000000002"><CodeRef targetGUID="c0000000-0000-0000-0000-000000000003"/></Coding>
    <Coding guid="d0000000-0000-0000-0000-000000000003" creatingUser="aaaaaaaa-0000-0000-0000-000000000001"><CodeRef targetGUID="{C0000000-0000-0000-0000-000000000004}"/></Coding>
    <NoteRef targetGUID="f0000000-0000-0000-0000-000000000001"/>
   </PlainTextSelection>
  </TextSource>
  <TextSource guid="50000000-0000-0000-0000-000000000002" name="Baku story">
   <PlainTextContent>` + extTextB + `</PlainTextContent>
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000003" ` + pos(extTextB, "Ganja") + `>
    <Coding guid="d0000000-0000-0000-0000-000000000004"><CodeRef targetGUID="c0000000-0000-0000-0000-000000000004"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <TextSource guid="50000000-0000-0000-0000-000000000003" name="Not archived">
   <PlainTextContent>A text this archive does not hold.</PlainTextContent>
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000004" startPosition="2" endPosition="6">
    <Coding guid="d0000000-0000-0000-0000-000000000005"><CodeRef targetGUID="c0000000-0000-0000-0000-000000000002"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <AudioSource guid="50000000-0000-0000-0000-000000000004" name="Interview" path="internal://i.mp3"/>
 </Sources>
 <Notes><Note guid="f0000000-0000-0000-0000-000000000001" name="memo"><PlainTextContent>check the spelling</PlainTextContent></Note></Notes>
 <Sets><Set guid="60000000-0000-0000-0000-000000000001" name="Pilot"><MemberSource targetGUID="50000000-0000-0000-0000-000000000001"/><MemberSource targetGUID="50000000-0000-0000-0000-000000000002"/></Set></Sets>
</Project>`
	path := filepath.Join(dir, "pilot.qde")
	os.WriteFile(path, []byte(qde), 0o644)

	rep, err := RunExternal(ctx, store, []string{path}, FormatQDPX, "", "importer", nil)
	if err != nil || rep.Failed != 0 || len(rep.Entries) != 1 || rep.Imported != 1 {
		t.Fatalf("import: %v %+v", err, rep)
	}
	e := rep.Entries[0]
	warn := strings.Join(e.Warnings, "\n")
	for _, w := range []string{`Audio source "Interview"`, `code "أماكن" is the new label type CODE-1`, `code "Topics/Politics" is the new label type Topics-Politics`} {
		if !strings.Contains(warn, w) {
			t.Errorf("warnings lack %q:\n%s", w, warn)
		}
	}
	// The source the archive lacked is a new article, titled by its name.
	list, err = store.ListArticles(ctx, storage.ListOptions{})
	if err != nil || len(list) != 3 {
		t.Fatalf("articles after: %v %v", list, err)
	}
	var got []string
	for _, a := range list {
		if !slices.Contains(ids, a.ID) && a.Title != "Not archived" {
			t.Errorf("new article titled %q", a.Title)
		}
		anns, err := store.Annotations(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range anns {
			got = append(got, fmt.Sprintf("%s %s %s %q", a.Quote, a.Type, a.Annotator, a.Note))
		}
	}
	slices.Sort(got)
	want := []string{
		`Ganja CODE-1 importer ""`,
		`text Topics-Politics importer ""`,
		`إيران CODE-1 Lina "check the spelling"`,
		`إيران Topics-Politics-Iran Omar "check the spelling"`,
		`ناصر كنعاني Topics-Politics Lina "the spokesman"`,
	}
	if !slices.Equal(got, want) || e.Annotations != 5 {
		t.Errorf("annotations:\n got %q\nwant %q", got, want)
	}
	schema, err := store.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, colour := range map[string]string{"Topics-Politics": "#33CC33", "Topics-Politics-Iran": "#9E9E9E", "CODE-1": "#AABBCC"} {
		if lt, ok := schema.Lookup(name); !ok || lt.Colour != colour || lt.Kind != model.KindEntity {
			t.Errorf("type %s: %+v %v, want colour %s", name, lt, ok, colour)
		}
	}
	if lt, _ := schema.Lookup("Topics-Politics"); lt.Description != "Topics/Politics: who governs" {
		t.Errorf("description %q", lt.Description)
	}
	set, err := store.SetByName(ctx, "Pilot")
	if err != nil {
		t.Fatal(err)
	}
	members, err := store.SetMembers(ctx, set.ID)
	if slices.Sort(members); err != nil || !slices.Equal(members, ids) {
		t.Errorf("set members %v %v, want %v", members, err, ids)
	}
}
