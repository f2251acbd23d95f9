package run

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestDefaultLinkGolden pins the default link: changing it breaks links
// people have shared.
func TestDefaultLinkGolden(t *testing.T) {
	got := Default().Encode() + "\n" + fullLink() + "\n"
	path := filepath.Join("testdata", "default_link.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// fullLink is an experiment with every common key set away from its default.
func fullLink() string {
	e := Default()
	e.Data, e.Noise, e.Classes, e.Train, e.Test = "gauss", 0.25, 3, 1000, 500
	e.Hidden, e.Act, e.Init, e.InitScale = []int{8, 4}, "relu", "he", 0.5
	e.Opt, e.LR, e.Batch, e.L1, e.L2 = "momentum", 0.1, 32, 0.001, 0.0001
	e.Seed, e.Play, e.Epochs = 42, true, 50
	return e.Encode()
}

func TestDecode(t *testing.T) {
	d := Default()
	for _, test := range []struct {
		name    string
		link    string
		check   func(Experiment) bool
		badKeys []string // keys the error must name, in order
	}{
		{"empty", "", func(e Experiment) bool { return e.Equal(d) }, nil},
		{"only version", "v=1", func(e Experiment) bool { return e.Equal(d) }, nil},
		{"whole url", "http://127.0.0.1:8000/?v=1&lr=0.5#top", func(e Experiment) bool { return e.LR == 0.5 }, nil},
		{"leading ?", "?seed=9", func(e Experiment) bool { return e.Seed == 9 }, nil},
		{"url without query", "http://host/", func(e Experiment) bool { return e.Equal(d) }, nil},
		{"no hidden layers", "hidden=", func(e Experiment) bool { return len(e.Hidden) == 0 }, nil},
		{"hidden list", "hidden=3,5,7", func(e Experiment) bool { return slices.Equal(e.Hidden, []int{3, 5, 7}) }, nil},
		{"play", "play=1", func(e Experiment) bool { return e.Play }, nil},
		{"bad lr keeps the rest", "lr=banana&seed=5", func(e Experiment) bool { return e.LR == d.LR && e.Seed == 5 }, []string{"lr"}},
		{"NaN lr", "lr=NaN", func(e Experiment) bool { return e.LR == d.LR }, []string{"lr"}},
		{"lr out of bounds", "lr=1000", func(e Experiment) bool { return e.LR == d.LR }, []string{"lr"}},
		{"negative noise", "noise=-1", nil, []string{"noise"}},
		{"unknown data", "data=nosuch", func(e Experiment) bool { return e.Data == d.Data }, []string{"data"}},
		{"unknown rule", "rule=magic", func(e Experiment) bool { return e.Rule == d.Rule }, []string{"rule"}},
		{"unknown act", "act=swish", nil, []string{"act"}},
		{"unknown opt", "opt=lbfgs", nil, []string{"opt"}},
		{"unknown init", "init=zero", nil, []string{"init"}},
		{"bad hidden", "hidden=4,x", func(e Experiment) bool { return slices.Equal(e.Hidden, d.Hidden) }, []string{"hidden"}},
		{"hidden too wide", "hidden=5000", nil, []string{"hidden"}},
		{"too many layers", "hidden=1,1,1,1,1,1,1,1,1", nil, []string{"hidden"}},
		{"too many weights", "hidden=1024,1024,1024", func(e Experiment) bool { return slices.Equal(e.Hidden, d.Hidden) }, []string{"hidden"}},
		{"train too small", "train=1", nil, []string{"train"}},
		{"batch zero", "batch=0", nil, []string{"batch"}},
		{"seed negative", "seed=-3", nil, []string{"seed"}},
		{"seed too large", "seed=18446744073709551615", nil, []string{"seed"}},
		{"bad play", "play=yes", nil, []string{"play"}},
		{"unknown key", "colour=red", nil, []string{"colour"}},
		{"unknown rule param", "bp.magic=1", nil, []string{"bp.magic"}},
		{"param of unknown rule", "zz.scale=1", nil, []string{"zz.scale"}},
		{"several", "lr=x&data=nosuch", func(e Experiment) bool { return e.Equal(d) }, []string{"data", "lr"}},
		{"bad escape", "lr=0.1&x=%zz", func(e Experiment) bool { return e.LR == 0.1 }, []string{"link"}},
		{"newer version", "v=99&lr=0.5", func(e Experiment) bool { return e.Equal(d) }, []string{"v"}},
		{"bad version", "v=abc&lr=0.5", func(e Experiment) bool { return e.LR == 0.5 }, []string{"v"}},
		{"shift", "shift=rotate:30&shiftat=5", func(e Experiment) bool { return e.Shift == Shift{Kind: "rotate", Amount: 30, At: 5} }, nil},
		{"shift as a task", "shift=permute:1&shiftat=2&shiftmode=task", func(e Experiment) bool { return e.Shift == Shift{Kind: "permute", Amount: 1, At: 2, Labels: true} }, nil},
		{"shift adapt", "shift=noise:0.2&shiftat=2&shiftmode=adapt", func(e Experiment) bool { return e.Shift == Shift{Kind: "noise", Amount: 0.2, At: 2} }, nil},
		{"rotate square images", "data=bars&shift=rotate:90&shiftat=1", func(e Experiment) bool { return e.Shift.Kind == "rotate" }, nil},
		{"shift without shiftat", "shift=noise:0.2", func(e Experiment) bool { return e.Shift == Shift{} }, []string{"shiftat"}},
		{"shiftat without shift", "shiftat=3", func(e Experiment) bool { return e.Shift == Shift{} }, []string{"shiftat"}},
		{"shiftmode without shift", "shiftmode=task", func(e Experiment) bool { return e.Shift == Shift{} }, []string{"shiftmode"}},
		{"shiftat zero", "shift=noise:0.2&shiftat=0", func(e Experiment) bool { return e.Shift == Shift{} }, []string{"shiftat"}},
		{"unknown shift", "shift=blur:1&shiftat=3", func(e Experiment) bool { return e.Shift == Shift{} }, []string{"shift"}},
		{"shift without amount", "shift=rotate&shiftat=3", func(e Experiment) bool { return e.Shift == Shift{} }, []string{"shift"}},
		{"shift amount out of bounds", "shift=noise:5&shiftat=3", func(e Experiment) bool { return e.Shift == Shift{} }, []string{"shift"}},
		{"bad shiftmode", "shift=noise:0.1&shiftat=3&shiftmode=later", func(e Experiment) bool { return e.Shift == Shift{Kind: "noise", Amount: 0.1, At: 3} }, []string{"shiftmode"}},
		{"hlop", "hlop=8", func(e Experiment) bool { return e.HLOP == 8 }, nil},
		{"hlop too large", "hlop=1000", func(e Experiment) bool { return e.HLOP == 0 }, []string{"hlop"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			e, err := Decode(test.link)
			if test.check != nil && !test.check(e) {
				t.Errorf("Decode(%q) = %s", test.link, e.Encode())
			}
			if err := e.Validate(); err != nil {
				t.Errorf("Decode(%q) returned an invalid experiment: %v", test.link, err)
			}
			if test.badKeys == nil {
				if err != nil {
					t.Errorf("Decode(%q): unexpected error %v", test.link, err)
				}
				return
			}
			var le *LinkError
			if !errors.As(err, &le) {
				t.Fatalf("Decode(%q): got error %v, want a *LinkError", test.link, err)
			}
			if got := le.Keys(); !slices.Equal(got, test.badKeys) {
				t.Errorf("Decode(%q) named keys %v, want %v (%v)", test.link, got, test.badKeys, err)
			}
			for _, k := range test.badKeys {
				if !strings.Contains(err.Error(), k) {
					t.Errorf("message %q does not name %q", err, k)
				}
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	for _, link := range []string{
		"v=1",
		fullLink(),
		"v=1&hidden=",
		"v=1&act=linear&data=plane&hidden=4",
		"v=1&epochs=1000000&lr=1e-05&seed=9007199254740991",
		"v=1&classes=5&noise=0",
		"v=1&hlop=4&shift=rotate:-30.5&shiftat=5&shiftmode=task",
		"v=1&data=bars&shift=permute:0.25&shiftat=1",
	} {
		e, err := Decode(link)
		if err != nil {
			t.Fatalf("Decode(%q): %v", link, err)
		}
		if got := e.Encode(); got != link {
			t.Errorf("Encode(Decode(%q)) = %q", link, got)
		}
		f, err := Decode(e.Encode())
		if err != nil || !f.Equal(e) {
			t.Errorf("Decode(Encode(%q)) = %q, %v", link, f.Encode(), err)
		}
	}
}

// FuzzDecode checks that whatever Decode accepts is valid and survives
// Encode and Decode again unchanged, as image/png's fuzz test does for
// images.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "v=1", fullLink(), "lr=banana", "hidden=4,x", "http://h/?v=1&seed=3#x",
		"bp.x=1", "v=2", "%zz", "hidden=1024,1024,1024", "classes=8&data=gauss", "noise=1e-300",
		"shift=rotate:30&shiftat=5&shiftmode=task&hlop=3",
		"rule=bptt&neuron=rate&hidden=&snn.t=32&snn.reset=soft&snn.mpr=1", "neuron=lif&hidden=1024,1024,1024&snn.t=9",
		"view=contrast,projector,x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, link string) {
		e, _ := Decode(link) // a bad link still yields a valid experiment
		if err := e.Validate(); err != nil {
			t.Fatalf("Decode(%q) gave an invalid experiment: %v", link, err)
		}
		g, err := Decode(e.Encode())
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(%q))) = %v", link, err)
		}
		if !g.Equal(e) {
			t.Fatalf("round trip of %q: %q became %q", link, e.Encode(), g.Encode())
		}
	})
}
