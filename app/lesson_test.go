package app

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"plasticity/components"
	"plasticity/core/lesson"
)

func TestLessonQuery(t *testing.T) {
	t.Parallel()
	l, ok := lesson.Lookup("fa-aligns")
	if !ok {
		t.Fatal("no lesson fa-aligns")
	}
	for _, c := range []struct{ in, want string }{
		{"lesson=fa-aligns", l.Steps[0].Link + "&lesson=fa-aligns"},
		{"v=1&lesson=fa-aligns&step=2", l.Steps[1].Link + "&lesson=fa-aligns&step=2"},
		{"lesson=fa-aligns&step=3", l.Steps[1].Link + "&lesson=fa-aligns&step=3"}, // step 3 keeps step 2's experiment
		{"lesson=fa-aligns&step=99", l.Steps[1].Link + "&lesson=fa-aligns&step=3"},
		{"lesson=fa-aligns&seed=4", "lesson=fa-aligns&seed=4"}, // a changed experiment stays as it is
		{"lesson=nosuch", "lesson=nosuch"},
		{"seed=3", "seed=3"},
	} {
		if got := lessonQuery(c.in); got != c.want {
			t.Errorf("lessonQuery(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLessonUnknown(t *testing.T) {
	t.Parallel()
	m := newModel(lessonQuery("lesson=nosuch"))
	m.checkLesson()
	n := m.notice()
	if n.kind != "warning" || len(n.items) != 1 || !strings.HasPrefix(n.items[0], `lesson: no lesson "nosuch"`) {
		t.Errorf("notice %+v", n)
	}
	p := &Playground{m: m}
	if p.lessonView() != nil {
		t.Error("a view of a lesson that does not exist")
	}
}

// TestLessonLive follows a lesson natively, as the page does: its claims
// are checked on the runs whenever they record points, a claim about
// another step stays unchecked until that step runs, and a verdict is
// remembered when the page moves on.
func TestLessonLive(t *testing.T) {
	t.Parallel()
	l, _ := lesson.Lookup("fa-aligns")
	p := &Playground{m: newModel(lessonQuery("lesson=fa-aligns"))}
	p.publishLesson()
	v := p.lessonView()
	if v == nil || v.Key != "fa-aligns" || v.Current != 0 || len(v.Steps) != len(l.Steps) {
		t.Fatalf("lesson view %+v", v)
	}
	if v.Claims[0].Status != components.ClaimPending || v.Claims[1].Status != components.ClaimUnchecked {
		t.Errorf("before training: %q, %q", v.Claims[0].Status, v.Claims[1].Status)
	}
	train(t, p)
	v = p.lessonView()
	if v.Claims[0].Status != components.ClaimHolds || v.Claims[0].Note != "" {
		t.Errorf("step 1's claim after training: %+v", v.Claims[0])
	}

	// Next: step 2 opens its own experiment; step 1's verdict stays.
	p.m.openLink(stepQuery(l, 1))
	p.publishLesson()
	v = p.lessonView()
	if v.Current != 1 || len(p.m.runs()) != 2 {
		t.Fatalf("step 2: current %d, %d runs", v.Current, len(p.m.runs()))
	}
	if v.Claims[0].Status != components.ClaimHolds || v.Claims[1].Status != components.ClaimPending {
		t.Errorf("on step 2: %q, %q", v.Claims[0].Status, v.Claims[1].Status)
	}
	q, _ := url.ParseQuery(p.m.link())
	if q.Get("lesson") != "fa-aligns" || q.Get("step") != "2" || q.Get("cmp") != "kp" {
		t.Errorf("step 2's link: %s", p.m.link())
	}
	train(t, p)
	if v = p.lessonView(); v.Claims[1].Status != components.ClaimHolds {
		t.Errorf("step 2's claim after training: %+v", v.Claims[1])
	}

	// Step 3 has no link: it keeps the runs.
	r := p.m.run
	p.m.setLesson(l.Key, 3)
	if p.m.run != r || p.lessonView().Current != 2 {
		t.Error("step 3 rebuilt the runs or is not current")
	}
	// A changed setting: the claims are still checked, with a note.
	p.m.set("kp.decay", "0.01")
	p.publishLesson()
	if v = p.lessonView(); v.Claims[1].Status != components.ClaimPending || !strings.Contains(v.Claims[1].Note, "changed") {
		t.Errorf("after a change: %+v", v.Claims[1])
	}
	// Leaving the lesson keeps the experiment.
	p.m.setLesson("", 0)
	if p.lessonView() != nil || strings.Contains(p.m.link(), "lesson") || p.m.exp.Rule != "fa" {
		t.Errorf("after leaving: %s", p.m.link())
	}
}

// train runs the page's runs to their end and publishes the lesson.
func train(t *testing.T, p *Playground) {
	t.Helper()
	for p.m.canTrain() {
		p.m.advance(100*time.Millisecond, 0)
		p.publishLesson()
		if p.m.run.StepCount() > 1_000_000 {
			t.Fatal("still training after a million steps: the lesson's link sets no end")
		}
	}
	p.publishLesson()
}

// TestLessonViews checks the lessons' own views on their runs: the
// arrows of the early alignment, with trails, the units of the lesions
// and the figures of the sweeps.
func TestLessonViews(t *testing.T) {
	t.Parallel()
	p := &Playground{m: newModel(lessonQuery("lesson=early-alignment"))}
	p.publishLesson()
	a := p.lesson.extra.arrows
	if a == nil || len(a.Arrows) != 32 || len(a.Guides) != 2 {
		t.Fatalf("arrows %+v", a)
	}
	p.m.advance(time.Hour, 30)
	p.publishLesson()
	if a = p.lesson.extra.arrows; len(a.Trails) != 32 || len(a.Trails[0]) != 4 {
		t.Errorf("trails after two publications: %d, %v", len(a.Trails), a.Trails[0])
	}

	p = &Playground{m: newModel(lessonQuery("lesson=l2-angle&step=2"))}
	p.publishLesson()
	if f := p.lesson.extra.figures; len(f) != 1 || len(f[0].X) != 4 || len(f[0].Series) != 1 {
		t.Errorf("figures %+v", f)
	}

	p = &Playground{m: newModel("data=gauss&classes=3&hidden=6,4&act=relu&lesson=lesions&lesion=1:2")}
	p.publishLesson()
	u := p.lesson.extra.units
	if u == nil || len(u.Layers) != 2 || len(u.Layers[0]) != 6 || len(u.Layers[1]) != 4 || !u.Layers[0][1].Lesioned {
		t.Fatalf("units %+v", u)
	}
}

func TestLessonItems(t *testing.T) {
	t.Parallel()
	items := lessonItems()
	if len(items) != len(lesson.Lessons()) || items[0].Key != lesson.Lessons()[0].Key {
		t.Fatalf("%d items", len(items))
	}
	for _, it := range items {
		if it.Href != "/?lesson="+it.Key || it.Summary == "" || it.Steps == 0 || it.Claims == 0 {
			t.Errorf("item %+v", it)
		}
	}
}
