package run

import (
	"errors"
	"math"
	"slices"
	"testing"

	"plasticity/core/probe"
)

// TestDecodeExtras is the decode table of lessonlink.go's keys: lesson,
// step, constraint, lesion and lesionat.
func TestDecodeExtras(t *testing.T) {
	d := Default()
	for _, test := range []struct {
		name    string
		link    string
		check   func(Experiment) bool
		badKeys []string
	}{
		{"lesson", "lesson=fa-aligns", func(e Experiment) bool { return e.Lesson == "fa-aligns" && e.LessonStep == 0 }, nil},
		{"lesson and step", "lesson=fa-aligns&step=3", func(e Experiment) bool { return e.Lesson == "fa-aligns" && e.LessonStep == 3 }, nil},
		{"malformed lesson", "lesson=Fa_Aligns", func(e Experiment) bool { return e.Lesson == "" }, []string{"lesson"}},
		{"step without lesson", "step=2", func(e Experiment) bool { return e.LessonStep == 0 }, []string{"step"}},
		{"step zero", "lesson=x&step=0", func(e Experiment) bool { return e.LessonStep == 0 }, []string{"step"}},
		{"step too large", "lesson=x&step=51", nil, []string{"step"}},
		{"bad step", "lesson=x&step=two", nil, []string{"step"}},
		{"nonneg", "constraint=nonneg", func(e Experiment) bool { return e.Constraint == "nonneg" }, nil},
		{"dale", "constraint=dale", func(e Experiment) bool { return e.Constraint == "dale" }, nil},
		{"unknown constraint", "constraint=positive", func(e Experiment) bool { return e.Constraint == "" }, []string{"constraint"}},
		{"lesion", "lesion=2:7,1:3", func(e Experiment) bool {
			return slices.Equal(e.Lesion, []Unit{{1, 3}, {2, 7}}) && e.LesionAt == 0
		}, nil},
		{"lesion repeats", "lesion=1:3,1:3", func(e Experiment) bool { return len(e.Lesion) == 1 }, nil},
		{"lesion at", "lesion=1:3&lesionat=20", func(e Experiment) bool { return e.LesionAt == 20 }, nil},
		{"lesion beyond layers", "lesion=3:1", func(e Experiment) bool { return e.Lesion == nil }, []string{"lesion"}},
		{"lesion beyond units", "lesion=1:17", func(e Experiment) bool { return e.Lesion == nil }, []string{"lesion"}},
		{"lesion from 0", "lesion=1:0", nil, []string{"lesion"}},
		{"lesion malformed", "lesion=1-3", nil, []string{"lesion"}},
		{"lesion of a wider net", "hidden=32&lesion=1:30", func(e Experiment) bool { return len(e.Lesion) == 1 }, nil},
		{"lesionat without lesion", "lesionat=3", func(e Experiment) bool { return e.LesionAt == 0 }, []string{"lesionat"}},
		{"bad lesionat", "lesion=1:1&lesionat=-1", func(e Experiment) bool { return e.LesionAt == 0 && len(e.Lesion) == 1 }, []string{"lesionat"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			e, err := Decode(test.link)
			var le *LinkError
			switch {
			case test.badKeys == nil && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case test.badKeys != nil && !errors.As(err, &le):
				t.Fatalf("want problems with %v, got %v", test.badKeys, err)
			case test.badKeys != nil && !slices.Equal(le.Keys(), test.badKeys):
				t.Errorf("problems with %v, want %v (%v)", le.Keys(), test.badKeys, err)
			}
			if test.check != nil && !test.check(e) {
				t.Errorf("decoded %+v", e)
			}
			if err := e.Validate(); err != nil {
				t.Errorf("Decode returned an invalid experiment: %v", err)
			}
			// Round trip: the link Decode's result encodes to reads back the same.
			f, err := Decode(e.Encode())
			if err != nil || !f.Equal(e) || f.Lesson != e.Lesson || f.LessonStep != e.LessonStep {
				t.Errorf("round trip of %q: %q, %v", test.link, e.Encode(), err)
			}
		})
	}
	if Default().Encode() != d.Encode() || d.Encode() != "v=1" {
		t.Errorf("the default link changed: %s", d.Encode())
	}
}

func TestEncodeExtras(t *testing.T) {
	e := Default()
	e.Lesson, e.LessonStep = "fa-aligns", 2
	e.Constraint = "dale"
	e.Lesion, e.LesionAt = []Unit{{1, 3}, {2, 7}}, 20
	if got, want := e.Encode(), "v=1&constraint=dale&lesion=1:3,2:7&lesionat=20&lesson=fa-aligns&step=2"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	e.LessonStep = 1 // the first step is the lesson's own link
	if got := e.Encode(); got != "v=1&constraint=dale&lesion=1:3,2:7&lesionat=20&lesson=fa-aligns" {
		t.Errorf("step 1: %s", got)
	}
	if w := e.WithoutLesson(); w.Lesson != "" || w.LessonStep != 0 || w.Constraint != "dale" {
		t.Errorf("WithoutLesson: %+v", w)
	}
}

// TestValidateExtras checks experiments built in code.
func TestValidateExtras(t *testing.T) {
	for _, test := range []struct {
		name string
		edit func(*Experiment)
		key  string
	}{
		{"step without lesson", func(e *Experiment) { e.LessonStep = 2 }, "step"},
		{"bad lesson", func(e *Experiment) { e.Lesson = "A B" }, "lesson"},
		{"bad constraint", func(e *Experiment) { e.Constraint = "pos" }, "constraint"},
		{"lesion outside", func(e *Experiment) { e.Lesion = []Unit{{1, 99}} }, "lesion"},
		{"lesion unsorted", func(e *Experiment) { e.Lesion = []Unit{{2, 1}, {1, 1}} }, "lesion"},
		{"lesionat alone", func(e *Experiment) { e.LesionAt = 4 }, "lesionat"},
	} {
		e := Default()
		test.edit(&e)
		var le *LinkError
		if err := e.Validate(); !errors.As(err, &le) || !slices.Contains(le.Keys(), test.key) {
			t.Errorf("%s: %v", test.name, err)
		}
	}
}

// TestComparisonConstraint checks the per-run constraint of comparisons.
func TestComparisonConstraint(t *testing.T) {
	link := "v=1&cmp=bp,bp&r2.constraint=nonneg&r3.constraint=dale"
	c, err := DecodeComparison(link)
	if err != nil {
		t.Fatal(err)
	}
	if c.Runs[0].Constraint != "" || c.Runs[1].Constraint != "nonneg" || c.Runs[2].Constraint != "dale" {
		t.Fatalf("constraints %q %q %q", c.Runs[0].Constraint, c.Runs[1].Constraint, c.Runs[2].Constraint)
	}
	if got := c.Encode(); got != link {
		t.Errorf("encoded %s, want %s", got, link)
	}
	// A shared constraint undone for one run.
	c, err = DecodeComparison("constraint=dale&cmp=bp&r2.constraint=none")
	if err != nil || c.Runs[1].Constraint != "" || c.Runs[0].Constraint != "dale" {
		t.Fatalf("%v %+v", err, c.Runs)
	}
	if d, err := DecodeComparison(c.Encode()); err != nil || !d.Equal(c) {
		t.Errorf("round trip %s: %v", c.Encode(), err)
	}
	if _, err := DecodeComparison("cmp=bp&r2.constraint=up"); err == nil {
		t.Error("an unknown per-run constraint was accepted")
	}
}

// TestConstraintHolds trains under each constraint and checks the signs of
// every weight after every step.
func TestConstraintHolds(t *testing.T) {
	for _, c := range Constraints {
		e, err := Decode("data=xor&hidden=10,10&constraint=" + c)
		if err != nil {
			t.Fatal(err)
		}
		r, err := New(e)
		if err != nil {
			t.Fatal(err)
		}
		for s := 0; s < 60; s++ {
			if s > 0 {
				if err := r.Step(); err != nil {
					t.Fatal(err)
				}
			}
			for l, ly := range r.Net.Layers {
				for o := 0; o < ly.Out; o++ {
					for i := 0; i < ly.In; i++ {
						w := ly.W.Value[o*ly.In+i]
						neg := c == "dale" && l > 0 && Inhibitory(i)
						if neg && w > 0 || !neg && w < 0 {
							t.Fatalf("%s, step %d: weight %d[%d,%d] = %g", c, s, l, o, i, w)
						}
					}
				}
			}
		}
	}
}

// TestLesion checks that lesioned units stay silent whatever the rule
// does, that a later lesion records a second history point, and that
// AccuracyWithout leaves the network as it was.
func TestLesion(t *testing.T) {
	for _, rl := range []string{"bp", "fa", "kp"} {
		e, err := Decode("data=circle&rule=" + rl + "&lesion=1:2,2:5&epochs=3")
		if err != nil {
			t.Fatal(err)
		}
		r, err := New(e)
		if err != nil {
			t.Fatal(err)
		}
		for r.State() == Ready {
			if err := r.Step(); err != nil {
				t.Fatal(err)
			}
		}
		x := r.Test.X[:r.Test.Dim*10]
		r.forward(x, 10)
		for n := 0; n < 10; n++ {
			if h := r.Net.H[1][n*16+1]; h != 0 {
				t.Errorf("%s: unit 1:2 outputs %g", rl, h)
			}
			if h := r.Net.H[2][n*16+4]; h != 0 {
				t.Errorf("%s: unit 2:5 outputs %g", rl, h)
			}
		}
		if got := r.Lesioned(); !slices.Equal(got, []Unit{{1, 2}, {2, 5}}) {
			t.Errorf("Lesioned: %v", got)
		}
	}

	e, _ := Decode("data=circle&lesion=1:1,1:2,1:3,1:4,1:5,1:6,1:7,1:8&lesionat=5&epochs=8")
	r, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	for r.State() == Ready {
		r.Step()
		if r.Epoch() < 5 && len(r.Lesioned()) != 0 {
			t.Fatal("lesioned before lesionat")
		}
	}
	h := r.History()
	if len(h) != 10 || h[5].Epoch != 5 || h[6].Epoch != 5 {
		t.Fatalf("history of %d points; want 10 with two at epoch 5", len(h))
	}
	if h[6].TrainAcc >= h[5].TrainAcc {
		t.Errorf("silencing half the first layer did not cost training accuracy: %g then %g", h[5].TrainAcc, h[6].TrainAcc)
	}
	w := slices.Clone(r.Net.Layers[1].W.Value)
	before := r.Metrics().TestAcc
	if a := r.AccuracyWithout([]Unit{{2, 1}, {2, 2}}); math.IsNaN(a) {
		t.Error("AccuracyWithout: NaN")
	}
	if !slices.Equal(w, r.Net.Layers[1].W.Value) || r.Metrics().TestAcc != before {
		t.Error("AccuracyWithout changed the network")
	}
}

func TestSelectivityAndDeadUnits(t *testing.T) {
	e, _ := Decode("data=gauss&classes=4&hidden=8&act=relu&epochs=10")
	r, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	for r.State() == Ready {
		r.Step()
	}
	sel, pref := r.Selectivity(1)
	if len(sel) != 8 || len(pref) != 8 {
		t.Fatalf("selectivity of %d units", len(sel))
	}
	for j, s := range sel {
		if !math.IsNaN(s) && (s < 0 || s > 1) || pref[j] < 0 || pref[j] > 3 {
			t.Errorf("unit %d: selectivity %g, class %d", j, s, pref[j])
		}
	}
	dead := r.DeadUnits()
	if len(dead) != 1 {
		t.Fatalf("dead units of %d layers", len(dead))
	}
	for _, j := range dead[0] {
		if !math.IsNaN(sel[j]) {
			t.Errorf("dead unit %d has selectivity %g", j, sel[j])
		}
	}
	// Silencing every unit leaves a constant output: chance accuracy.
	var all []Unit
	for j := 1; j <= 8; j++ {
		all = append(all, Unit{1, j})
	}
	if a := r.AccuracyWithout(all); a > 0.3 {
		t.Errorf("accuracy %g without any hidden unit", a)
	}
}

func TestToggleLesion(t *testing.T) {
	us := ToggleLesion(nil, Unit{2, 1})
	us = ToggleLesion(us, Unit{1, 4})
	if FormatLesion(us) != "1:4,2:1" {
		t.Errorf("got %s", FormatLesion(us))
	}
	if us = ToggleLesion(us, Unit{2, 1}); FormatLesion(us) != "1:4" {
		t.Errorf("got %s", FormatLesion(us))
	}
}

func TestDecodeTasks(t *testing.T) {
	for _, test := range []struct {
		link    string
		want    Tasks
		badKeys []string
	}{
		{"data=gauss&classes=8&tasks=4", Tasks{N: 4, Epochs: 1}, nil},
		{"data=gauss&classes=8&tasks=4&taskepochs=5&rehearsal=powerlaw:0.5", Tasks{N: 4, Epochs: 5, Rehearsal: "powerlaw", Replay: 0.5}, nil},
		{"data=gauss&classes=8&tasks=2&rehearsal=uniform", Tasks{N: 2, Epochs: 1, Rehearsal: "uniform", Replay: 0.25}, nil},
		{"data=gauss&tasks=4", Tasks{}, []string{"tasks"}},            // two classes
		{"data=plane&tasks=2", Tasks{}, []string{"tasks"}},            // regression
		{"data=gauss&classes=8&tasks=11", Tasks{}, []string{"tasks"}}, // too many
		{"taskepochs=3", Tasks{}, []string{"taskepochs"}},
		{"data=gauss&classes=4&tasks=2&rehearsal=all:0.5", Tasks{N: 2, Epochs: 1}, []string{"rehearsal"}},
		{"data=gauss&classes=4&tasks=2&rehearsal=uniform:2", Tasks{N: 2, Epochs: 1}, []string{"rehearsal"}},
	} {
		e, err := Decode(test.link)
		var le *LinkError
		switch {
		case test.badKeys == nil && err != nil:
			t.Errorf("%s: %v", test.link, err)
		case test.badKeys != nil && (!errors.As(err, &le) || !slices.Equal(le.Keys(), test.badKeys)):
			t.Errorf("%s: %v, want problems with %v", test.link, err, test.badKeys)
		}
		if e.Tasks != test.want {
			t.Errorf("%s: %+v, want %+v", test.link, e.Tasks, test.want)
		}
		if f, err := Decode(e.Encode()); err != nil || f.Tasks != e.Tasks {
			t.Errorf("%s: round trip %s: %v", test.link, e.Encode(), err)
		}
	}
	c, err := DecodeComparison("data=gauss&classes=8&tasks=4&cmp=bp,bp&r2.rehearsal=uniform:0.25&r3.rehearsal=powerlaw:0.5")
	if err != nil || c.Runs[0].Tasks.Rehearsal != "" || c.Runs[1].Tasks.Rehearsal != "uniform" || c.Runs[2].Tasks.Replay != 0.5 {
		t.Fatalf("%v %+v", err, c.Runs)
	}
	if d, err := DecodeComparison(c.Encode()); err != nil || !d.Equal(c) {
		t.Errorf("round trip %s: %v", c.Encode(), err)
	}
}

// TestTasksTrain checks that a run with tasks trains on one task at a
// time, with the replayed share of earlier tasks' examples.
func TestTasksTrain(t *testing.T) {
	e, _ := Decode("data=gauss&classes=4&train=400&tasks=2&taskepochs=2&rehearsal=uniform:0.5&epochs=4")
	r, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	for r.State() == Ready {
		ep, task := r.Epoch(), r.Task()
		if task != min(ep/2, 1) {
			t.Fatalf("epoch %d: task %d", ep, task)
		}
		counts := [2]int{}
		for _, i := range r.order {
			counts[r.Exp.Tasks.TaskOf(r.Train.Labels[i], 4)]++
		}
		want := [2]int{200, 0}
		if task == 1 {
			want = [2]int{100, 200}
		}
		if counts != want {
			t.Fatalf("epoch %d: examples per task %v, want %v", ep, counts, want)
		}
		for e0 := r.Epoch(); r.State() == Ready && r.Epoch() == e0; {
			r.Step()
		}
	}
	if a := r.TaskAccuracy(); len(a) != 2 || math.IsNaN(a[0]) {
		t.Errorf("task accuracy %v", a)
	}
	if p := r.History()[len(r.History())-1].Probes; !slices.ContainsFunc(p, func(m probe.Metric) bool { return m.Key == "task_acc" }) {
		t.Error("no task_acc probe")
	}
}

func TestDecodeDrift(t *testing.T) {
	e, err := Decode("data=gauss&classes=4&drift=5&homeostasis=2")
	if err != nil || e.Drift != 5 || e.Homeostasis != 2 {
		t.Fatalf("%v %+v", err, e)
	}
	if f, err := Decode(e.Encode()); err != nil || f.Drift != 5 || f.Homeostasis != 2 {
		t.Errorf("round trip %s: %v", e.Encode(), err)
	}
	for _, bad := range []string{"drift=0", "drift=x", "data=plane&drift=3", "homeostasis=-1", "homeostasis=11"} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	c, err := DecodeComparison("data=gauss&classes=4&drift=5&cmp=bp&r2.homeostasis=2")
	if err != nil || c.Runs[0].Homeostasis != 0 || c.Runs[1].Homeostasis != 2 {
		t.Fatalf("%v %+v", err, c.Runs)
	}
	if d, err := DecodeComparison(c.Encode()); err != nil || !d.Equal(c) {
		t.Errorf("round trip %s: %v", c.Encode(), err)
	}
	// The labels move on after every drift, with a second history point.
	e, _ = Decode("data=gauss&classes=4&drift=2&epochs=4&homeostasis=1")
	r, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	first := r.Train.Labels[0]
	for r.State() == Ready {
		if err := r.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if got := r.Train.Labels[0]; got != (first+2)%4 || r.Concepts() != 2 {
		t.Errorf("label %d after two drifts from %d; concepts %d", got, first, r.Concepts())
	}
	if n := len(r.History()); n != 7 {
		t.Errorf("%d history points, want 7 (5 epochs' and 2 after drifts)", n)
	}
}

func TestDecodeDeficit(t *testing.T) {
	e, err := Decode("data=bars&deficit=drop:0.5&deficitat=0-3&epochs=4")
	if err != nil || e.Deficit != (Deficit{Kind: "drop", Amount: 0.5, From: 0, To: 3}) {
		t.Fatalf("%v %+v", err, e.Deficit)
	}
	if f, err := Decode(e.Encode()); err != nil || f.Deficit != e.Deficit {
		t.Errorf("round trip %s: %v", e.Encode(), err)
	}
	for _, bad := range []string{"deficit=drop:0.5", "deficit=blur:2&deficitat=0-3", "deficit=drop:0&deficitat=0-3",
		"deficit=drop:0.5&deficitat=3-3", "deficitat=0-3"} {
		if e, err := Decode(bad); err == nil || e.Deficit != (Deficit{}) {
			t.Errorf("%s: %v, %+v", bad, err, e.Deficit)
		}
	}
	// During the deficit the top half of every image reaches the rule as zeros.
	r, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	b := r.batch
	for r.State() == Ready {
		deprived := r.Deprived()
		if err := r.Step(); err != nil {
			t.Fatal(err)
		}
		top := 0.0
		for i := 0; i < b.N; i++ {
			for _, v := range b.X[i*b.Dim : i*b.Dim+b.Dim/2] {
				top += v
			}
		}
		if (top == 0) != deprived {
			t.Fatalf("epoch %d: deprived %v, sum of the top halves %g", r.Epoch(), deprived, top)
		}
	}
}
