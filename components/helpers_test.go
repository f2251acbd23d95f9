package components

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// load mounts c in go-app's test engine, as the page would.
func load(t *testing.T, c goapp.Composer) {
	t.Helper()
	e := goapp.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatalf("loading %T: %v", c, err)
	}
	e.ConsumeAll()
}

// match fails the test unless the element at path under c matches want
// (tag, attributes and handlers: goapp.Match does not compare children).
func match(t *testing.T, want goapp.UI, c goapp.UI, path ...int) {
	t.Helper()
	if err := goapp.Match(want, c, path...); err != nil {
		t.Errorf("at %v: %v", path, err)
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s changed:\ngot  %s\nwant %s\n(run go test -update if the change is intended)", name, got, want)
	}
}
