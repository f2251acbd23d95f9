package data

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

const seed = 1

// TestDatasets is the conformance test every registered dataset passes.
func TestDatasets(t *testing.T) {
	for _, info := range Datasets() {
		t.Run(info.Key, func(t *testing.T) {
			if info.Title == "" || info.Summary == "" {
				t.Errorf("missing title or summary")
			}
			if err := info.CheckReady(); err != nil {
				t.Skipf("no data: %v", err) // the csv dataset before an upload (csv_test.go tests it)
			}
			classes := []int{0}
			if info.MaxClasses > 0 {
				classes = append(classes, info.MaxClasses)
			}
			for _, k := range classes {
				for _, noise := range []float64{0, 0.5, 1} {
					p := Params{Noise: noise, Classes: k}
					a := info.Generate(300, p, rand.New(rand.NewPCG(seed, seed)))
					b := info.Generate(300, p, rand.New(rand.NewPCG(seed, seed)))
					c := info.Generate(300, p, rand.New(rand.NewPCG(seed+1, seed)))
					if !slices.Equal(a.X, b.X) || !slices.Equal(a.Y, b.Y) || !slices.Equal(a.Labels, b.Labels) {
						t.Fatalf("noise %g: same seed, different data", noise)
					}
					if slices.Equal(a.X, c.X) {
						t.Errorf("noise %g: different seeds, same data", noise)
					}
					checkShape(t, info, a, k)
				}
			}
		})
	}
}

func checkShape(t *testing.T, info Info, s *Set, k int) {
	t.Helper()
	dim := info.Dim
	if dim == 0 {
		dim = 2
	}
	if s.N != 300 || s.Dim != dim || len(s.X) != s.N*s.Dim || len(s.Y) != s.N*s.Outputs {
		t.Fatalf("shape: got %v", s)
	}
	for _, v := range s.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("input %v", v)
		}
	}
	if info.Kind == Regression {
		if s.Outputs != 1 || s.Labels != nil {
			t.Fatalf("regression set with %d outputs, labels %v", s.Outputs, s.Labels != nil)
		}
		return
	}
	want := info.Classes
	if k > 0 {
		want = k
	}
	if s.Classes != want || s.Outputs != want {
		t.Fatalf("got %d classes and %d outputs, want %d", s.Classes, s.Outputs, want)
	}
	count := make([]int, want)
	for i, c := range s.Labels {
		if c < 0 || c >= want || s.Target(i)[c] != 1 {
			t.Fatalf("example %d: label %d, target %v", i, c, s.Target(i))
		}
		count[c]++
	}
	for c, n := range count {
		if n < s.N/(4*want) {
			t.Errorf("class %d has only %d of %d examples", c, n, s.N)
		}
	}
}

func TestRegisterPanics(t *testing.T) {
	gen := func(int, Params, *rand.Rand) *Set { return nil }
	for _, test := range []struct {
		name string
		info Info
	}{
		{"empty key", Info{Generate: gen}},
		{"nil generate", Info{Key: "new"}},
		{"duplicate", Info{Key: "spiral", Generate: gen}},
	} {
		t.Run(test.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Register did not panic")
				}
			}()
			Register(test.info)
		})
	}
}

// TestImageSide: only image datasets say their examples are images, and
// their side matches Dim; sets whose Dim is merely a square (eyes: 16,
// halfspace at dim=100) are not pictures.
func TestImageSide(t *testing.T) {
	for _, test := range []struct {
		key  string
		p    Params
		side int
	}{
		{"bars", Params{}, 8},
		{"spiral", Params{}, 0},
		{"eyes", Params{}, 0},
		{"halfspace", Params{Dim: 100}, 0},
	} {
		info, ok := Lookup(test.key)
		if !ok {
			t.Fatalf("no dataset %q", test.key)
		}
		s := info.Generate(20, test.p, rand.New(rand.NewPCG(1, 2)))
		if s.Side != test.side || (s.Side > 0 && s.Side*s.Side != s.Dim) {
			t.Errorf("%s: Side %d (Dim %d), want %d", test.key, s.Side, s.Dim, test.side)
		}
	}
}
