package run

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestActiveLink(t *testing.T) {
	for _, test := range []struct {
		name, link string
		want       Active
		dim        int
		bad        []string
	}{
		{"defaults", "sample=margin", Active{"margin", 10, 100, 5}, 0, nil},
		{"all keys", "sample=random&labels=5&budget=50&labelevery=3", Active{"random", 5, 50, 3}, 0, nil},
		{"unknown strategy", "sample=smart", Active{}, 0, []string{"sample"}},
		{"budget above the pool", "sample=margin&train=50&budget=100", Active{}, 0, []string{"sample"}},
		{"budget below a round", "sample=margin&labels=20&budget=10", Active{}, 0, []string{"sample"}},
		{"labels without sample", "labels=5", Active{}, 0, []string{"labels"}},
		{"zero labels", "sample=random&labels=0", Active{"random", 10, 100, 5}, 0, []string{"labels"}},
		{"with tasks", "sample=random&tasks=2", Active{}, 0, []string{"sample"}},
		{"dim", "data=halfspace&dim=50", Active{}, 50, nil},
		{"dim too large", "data=halfspace&dim=1000", Active{}, 0, []string{"dim"}},
		{"dim of a fixed dataset", "data=moons&dim=5", Active{}, 0, []string{"dim"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			e, err := Decode(test.link)
			var keys []string
			var le *LinkError
			if errors.As(err, &le) {
				keys = le.Keys()
			}
			if e.Active != test.want || e.Dim != test.dim || !slices.Equal(keys, test.bad) {
				t.Errorf("Decode(%q): %+v dim %d, problems %v; want %+v dim %d, %v", test.link, e.Active, e.Dim, keys, test.want, test.dim, test.bad)
			}
			if err := e.Validate(); err != nil {
				t.Errorf("Decode(%q) returned an invalid experiment: %v", test.link, err)
			}
			f, err := Decode(e.Encode())
			if err != nil || !f.Equal(e) || f.Active != e.Active || f.Dim != e.Dim {
				t.Errorf("round trip of %q: %q, %v", test.link, f.Encode(), err)
			}
		})
	}
}

func TestActiveComparisonLink(t *testing.T) {
	const link = "data=halfspace&dim=5&hidden=&sample=random&cmp=bp&r2.sample=margin"
	c, err := DecodeComparison(link)
	if err != nil {
		t.Fatal(err)
	}
	if c.Runs[0].Active.Strategy != "random" || c.Runs[1].Active.Strategy != "margin" || c.Runs[1].Active.Budget != c.Runs[0].Active.Budget {
		t.Errorf("runs sample %+v and %+v", c.Runs[0].Active, c.Runs[1].Active)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	d, err := DecodeComparison(c.Encode())
	if err != nil || !d.Equal(c) {
		t.Errorf("round trip: %q, %v", c.Encode(), err)
	}
	if _, err := DecodeComparison("cmp=bp&r2.sample=margin"); err == nil {
		t.Error("a run's own strategy without a shared one was accepted")
	}
}

// TestActiveLabels trains both strategies and checks the schedule, that
// they start from the same labelled points, that margin sampling asks
// about the points nearest the boundary, and determinism.
func TestActiveLabels(t *testing.T) {
	train := func(link string) *Run {
		e, err := Decode(link)
		if err != nil {
			t.Fatal(err)
		}
		r, err := New(e)
		if err != nil {
			t.Fatal(err)
		}
		for r.State() == Ready {
			r.Advance(time.Second, 0)
		}
		return r
	}
	const base = "data=halfspace&dim=4&hidden=&train=200&test=50&labels=5&budget=30&labelevery=2&epochs=20"
	random, margin := train(base+"&sample=random"), train(base+"&sample=margin")
	for _, r := range []*Run{random, margin} {
		if n := len(r.Labelled()); n != 30 {
			t.Errorf("%s: %d labels; want the budget, 30", r.Exp.Active.Strategy, n)
		}
		for _, p := range r.History() {
			want := min(30, 5+5*(p.Epoch/2))
			if got := metric(p, "labels"); got != float64(want) {
				t.Errorf("%s: %g labels at epoch %d; want %d", r.Exp.Active.Strategy, got, p.Epoch, want)
			}
		}
	}
	if !slices.Equal(random.Labelled()[:5], margin.Labelled()[:5]) {
		t.Errorf("the first rounds differ: %v and %v", random.Labelled()[:5], margin.Labelled()[:5])
	}
	if slices.Equal(random.Labelled(), margin.Labelled()) {
		t.Error("random and margin sampling labelled the same points")
	}
	// The margin run's points after the first round lie nearer the
	// boundary x₁ = 0 than the random run's, on average.
	near := func(r *Run) float64 {
		s := 0.0
		for _, i := range r.Labelled()[5:] {
			s += abs(r.Train.Row(i)[0])
		}
		return s / 25
	}
	if near(margin) >= near(random) {
		t.Errorf("mean |x₁| of the chosen points: margin %.3f, random %.3f; want margin's smaller", near(margin), near(random))
	}
	if got := margin.StepsPerEpoch(); got != 30/16+1 {
		t.Errorf("%d steps per epoch with 30 labelled points and batches of 16; want 2", got)
	}
	again := train(base + "&sample=margin")
	if !slices.Equal(again.Labelled(), margin.Labelled()) {
		t.Error("margin sampling is not deterministic")
	}
}

func metric(p Point, key string) float64 {
	for _, m := range p.Probes {
		if m.Key == key {
			return m.Values[0]
		}
	}
	return -1
}

// TestNewKeysRoundTrip: whatever Decode makes of the keys of active.go and
// pathways.go, mixed with others, is valid and reads back the same.
func TestNewKeysRoundTrip(t *testing.T) {
	parts := []string{
		"sample=margin", "sample=random&labels=7&budget=40&labelevery=2", "labels=3", "budget=9999",
		"dim=7", "data=halfspace", "data=eyes", "pathways=1", "pathways=2", "hidden=", "hidden=8,8",
		"neuron=lif", "tasks=2", "data=drawn", "train=20", "deficit=drop:0.5&deficitat=0-3",
	}
	for i := range parts {
		for j := range parts {
			for k := range parts {
				link := parts[i] + "&" + parts[j] + "&" + parts[k]
				e, _ := Decode(link)
				if err := e.Validate(); err != nil {
					t.Errorf("Decode(%q) is invalid: %v", link, err)
					continue
				}
				if f, err := Decode(e.Encode()); err != nil || !f.Equal(e) || f.Active != e.Active || f.Pathways != e.Pathways || f.Dim != e.Dim {
					t.Errorf("%q: %q does not read back (%v)", link, e.Encode(), err)
				}
			}
		}
	}
}
