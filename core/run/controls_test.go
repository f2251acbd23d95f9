package run

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestDecodeControls(t *testing.T) {
	for _, test := range []struct {
		name       string
		link       string
		lock, hide []string
		badKeys    []string // keys the error must name, in order
	}{
		{"none", "v=1", nil, nil, nil},
		{"lock", "lock=data,rule,net", []string{"data", "rule", "net"}, nil, nil},
		{"hide", "hide=seed", nil, []string{"seed"}, nil},
		{"both", "lock=rule&hide=net,compare", []string{"rule"}, []string{"net", "compare"}, nil},
		{"canonical order", "lock=net,data", []string{"data", "net"}, nil, nil},
		{"repeats", "lock=rule,rule", []string{"rule"}, nil, nil},
		{"spaces and empty items", "lock= data,,rule ,", []string{"data", "rule"}, nil, nil},
		{"empty", "lock=", nil, nil, nil},
		{"unknown kept out", "lock=data,magic", []string{"data"}, nil, []string{"lock"}},
		{"unknown hide", "hide=everything", nil, nil, []string{"hide"}},
		{"every control", "lock=" + strings.Join(Controls, ","), Controls, nil, nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			e, err := Decode(test.link)
			if !slices.Equal(e.Lock, test.lock) || !slices.Equal(e.Hide, test.hide) {
				t.Errorf("Decode(%q): lock %q hide %q, want %q and %q", test.link, e.Lock, e.Hide, test.lock, test.hide)
			}
			if err := e.Validate(); err != nil {
				t.Errorf("Decode(%q) returned an invalid experiment: %v", test.link, err)
			}
			var le *LinkError
			switch {
			case test.badKeys == nil && err != nil:
				t.Errorf("Decode(%q): unexpected error %v", test.link, err)
			case test.badKeys != nil && !errors.As(err, &le):
				t.Errorf("Decode(%q): got error %v, want a *LinkError", test.link, err)
			case test.badKeys != nil && !slices.Equal(le.Keys(), test.badKeys):
				t.Errorf("Decode(%q) named keys %v, want %v", test.link, le.Keys(), test.badKeys)
			}
			for _, c := range test.lock {
				if !e.IsLocked(c) || e.IsHidden(c) && !slices.Contains(test.hide, c) {
					t.Errorf("IsLocked(%q) false", c)
				}
			}
		})
	}
}

func TestControlsRoundTrip(t *testing.T) {
	for _, link := range []string{
		"v=1&lock=data",
		"v=1&hide=net,compare&lock=data,rule,train,seed,epochs",
		"v=1&cmp=fa,kp&lock=rule,compare",
	} {
		c, err := DecodeComparison(link)
		if err != nil {
			t.Fatalf("DecodeComparison(%q): %v", link, err)
		}
		if got := c.Encode(); got != link {
			t.Errorf("Encode(DecodeComparison(%q)) = %q", link, got)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%q: %v", link, err)
		}
		for i, e := range c.Runs {
			if !slices.Equal(e.Lock, c.Runs[0].Lock) || !slices.Equal(e.Hide, c.Runs[0].Hide) {
				t.Errorf("%q: run %d locks %q, run 1 %q", link, i+1, e.Lock, c.Runs[0].Lock)
			}
		}
	}
	// The default link does not change: no controls, no keys.
	if got := Default().Encode(); strings.Contains(got, "lock") || strings.Contains(got, "hide") {
		t.Errorf("default link %q", got)
	}
	// Clone copies the lists.
	e, _ := Decode("lock=data,rule")
	f := e.Clone()
	f.Lock[0] = "seed"
	if e.Lock[0] != "data" {
		t.Error("Clone shares Lock")
	}
}

func TestValidateControls(t *testing.T) {
	for _, test := range []struct {
		lock []string
		ok   bool
	}{
		{nil, true},
		{[]string{"data", "net"}, true},
		{[]string{"net", "data"}, false},
		{[]string{"data", "data"}, false},
		{[]string{"magic"}, false},
	} {
		e := Default()
		e.Lock = test.lock
		if err := e.Validate(); (err == nil) != test.ok {
			t.Errorf("Validate with lock %q: %v, want ok %v", test.lock, err, test.ok)
		}
	}
}
