package lesson

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"plasticity/core/data"
	"plasticity/core/run"
)

func TestMain(m *testing.M) {
	// The lessons on digits need the MNIST asset the page serves.
	if err := data.LoadMNISTFiles("../../web/mnist"); err != nil {
		fmt.Fprintln(os.Stderr, "lesson tests:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// maxSteps bounds a lesson run's training: every lesson link sets epochs,
// so its runs end; one past this many steps never would.
const maxSteps = 1_000_000

// train builds the comparison of a step's link and trains it until every
// run stops (the links carry epochs).
func train(t *testing.T, link string) []*run.Run {
	t.Helper()
	spec, err := run.DecodeComparison(link)
	if err != nil {
		t.Fatalf("link %q: %v", link, err)
	}
	c, err := run.NewComparison(spec)
	if err != nil {
		t.Fatalf("link %q: %v", link, err)
	}
	for c.Ready() {
		c.Advance(time.Second, 0)
		if c.Runs()[0].StepCount() > maxSteps {
			t.Fatalf("link %q: still training after %d steps", link, maxSteps)
		}
	}
	return c.Runs()
}

// TestClaims is the lessons' promise: every claim holds on its step's
// experiment, run natively with the link's seed to the link's epochs, and
// does not hold before training.
func TestClaims(t *testing.T) {
	for _, l := range Lessons() {
		t.Run(l.Key, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			trained := map[int][]*run.Run{}
			for _, c := range l.Claims {
				link := l.StepLink(c.Step)
				fresh, err := newRuns(link)
				if err != nil {
					t.Fatalf("claim %q: %v", c.Text, err)
				}
				if v := c.Check(fresh); v.Status == Holds {
					t.Errorf("claim %q holds before training (%s)", c.Text, v.Detail)
				}
				runs, ok := trained[c.Step]
				if !ok {
					runs = train(t, link)
					trained[c.Step] = runs
				}
				v := c.Check(runs)
				t.Logf("step %d: %s: %s (%s)", c.Step+1, c.Text, v.Status, v.Detail)
				if v.Status != Holds {
					t.Errorf("claim %q %s after training: %s", c.Text, v.Status, v.Detail)
				}
			}
			t.Logf("%s: %v", l.Key, time.Since(start).Round(time.Millisecond))
		})
	}
}

func newRuns(link string) ([]*run.Run, error) {
	spec, err := run.DecodeComparison(link)
	if err != nil {
		return nil, err
	}
	c, err := run.NewComparison(spec)
	if err != nil {
		return nil, err
	}
	return c.Runs(), nil
}

// TestSteps checks every lesson's text and links: the links decode without
// a problem, carry no lesson keys (the page adds them) and stop by
// themselves (epochs), so that a claim cannot stay pending for ever.
func TestSteps(t *testing.T) {
	if len(Lessons()) == 0 {
		t.Fatal("no lessons")
	}
	for _, l := range Lessons() {
		if l.Title == "" || l.Cite == "" || len(l.Text) == 0 {
			t.Errorf("%s: a lesson needs a title, a citation and a text", l.Key)
		}
		for i, s := range l.Steps {
			if s.Text == "" {
				t.Errorf("%s step %d: no text", l.Key, i+1)
			}
			if s.Link == "" {
				continue
			}
			spec, err := run.DecodeComparison(s.Link)
			if err != nil {
				t.Errorf("%s step %d: %v", l.Key, i+1, err)
				continue
			}
			q, _ := url.ParseQuery(s.Link)
			for _, k := range []string{"lesson", "step", "v", "play"} {
				if q.Has(k) {
					t.Errorf("%s step %d: the link has %s, which the page sets", l.Key, i+1, k)
				}
			}
			for j, e := range spec.Runs {
				if e.Epochs <= 0 {
					t.Errorf("%s step %d run %d: no epochs: the run would never stop", l.Key, i+1, j+1)
				}
			}
		}
	}
}

func TestRegisterPanics(t *testing.T) {
	ok := func([]*run.Run) Verdict { return Verdict{} }
	for _, c := range []struct {
		name string
		l    Lesson
	}{
		{"bad key", Lesson{Key: "Bad Key", Steps: []Step{{Link: "epochs=1"}}, Claims: []Claim{{Check: ok}}}},
		{"duplicate", Lesson{Key: "fa-aligns", Steps: []Step{{Link: "epochs=1"}}, Claims: []Claim{{Check: ok}}}},
		{"no steps", Lesson{Key: "x-no-steps", Claims: []Claim{{Check: ok}}}},
		{"no claims", Lesson{Key: "x-no-claims", Steps: []Step{{Link: "epochs=1"}}}},
		{"claim on a step without a link", Lesson{Key: "x-claim", Steps: []Step{{Link: "epochs=1"}, {}}, Claims: []Claim{{Step: 1, Check: ok}}}},
		{"claim without a check", Lesson{Key: "x-check", Steps: []Step{{Link: "epochs=1"}}, Claims: []Claim{{}}}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Register did not panic", c.name)
				}
			}()
			Register(c.l)
		}()
	}
}

func TestStepLink(t *testing.T) {
	l, ok := Lookup("negative-weights")
	if !ok {
		t.Fatal("no lesson negative-weights")
	}
	if l.StepLink(99) != l.Steps[len(l.Steps)-1].Link && l.Steps[len(l.Steps)-1].Link != "" {
		t.Error("StepLink beyond the last step")
	}
	if _, err := l.Spec(0); err != nil {
		t.Error(err)
	}
	var le *run.LinkError
	if _, err := run.Decode("lesson=Not_A_Key"); !errors.As(err, &le) {
		t.Errorf("a malformed lesson key: %v", err)
	}
}
