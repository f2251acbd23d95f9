package run

import (
	"slices"
	"testing"
)

func TestViews(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		link    string
		want    []string
		badKeys []string
	}{
		{"", nil, nil},
		{"view=projector", []string{"projector"}, nil},
		{"view=contrast,projector,contrast", []string{"projector", "contrast"}, nil},
		{"view=", nil, nil},
		{"view=huge,projector", []string{"projector"}, []string{"view"}},
	} {
		e, err := Decode(test.link)
		if !slices.Equal(e.View, test.want) {
			t.Errorf("Decode(%q).View = %q, want %q", test.link, e.View, test.want)
		}
		var keys []string
		if le, ok := err.(*LinkError); ok {
			keys = le.Keys()
		} else if err != nil {
			t.Errorf("Decode(%q): %v", test.link, err)
		}
		if !slices.Equal(keys, test.badKeys) {
			t.Errorf("Decode(%q): problems with %q, want %q", test.link, keys, test.badKeys)
		}
		// Round trip: the link keeps the views; Validate accepts them.
		f, err := Decode(e.Encode())
		if err != nil || !slices.Equal(f.View, e.View) || f.Validate() != nil {
			t.Errorf("round trip of %q: %q, %v, %v", e.Encode(), f.View, err, f.Validate())
		}
	}
	e := Default()
	e.SetView("contrast", true)
	e.SetView("projector", true)
	e.SetView("projector", true)
	if got := e.Encode(); got != "v=1&view=projector,contrast" {
		t.Errorf("Encode = %q, want v=1&view=projector,contrast", got)
	}
	if !e.HasView("projector") || !e.HasView("contrast") {
		t.Errorf("HasView: %q", e.View)
	}
	e.SetView("projector", false)
	e.SetView("contrast", false)
	if e.View != nil || e.Encode() != Default().Encode() {
		t.Errorf("after turning both off: %q, %q", e.View, e.Encode())
	}
	e.View = []string{"contrast", "projector"}
	if e.Validate() == nil {
		t.Error("Validate accepts views out of order")
	}
}
