package components

import (
	"strings"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func testLesson() *LessonView {
	return &LessonView{
		Key: "fa-aligns", Title: "Feedback alignment aligns", Cite: "Lillicrap et al. (2016).",
		Text:    []string{"First paragraph.", "Second paragraph."},
		Steps:   []LessonStep{{Text: "Train FA.", Opens: true}, {Text: "Add KP.", Opens: true}, {Text: "Change λ."}},
		Current: 1,
		Claims: []LessonClaim{
			{Text: "FA aligns.", Status: ClaimHolds, Detail: "56° at epoch 20", Step: 0},
			{Text: "KP is faster.", Status: ClaimPending, Detail: "checked at epoch 10", Step: 1, Note: "(measured on settings changed from the step's)"},
			{Text: "Never run.", Status: ClaimUnchecked, Step: 2, Note: "Go to step 3 to check it."},
			{Text: "Wrong.", Status: ClaimFails, Detail: "80°", Step: 1},
		},
		Index: "/lessons",
	}
}

func TestLessonView(t *testing.T) {
	t.Parallel()
	v := testLesson()
	load(t, v)
	match(t, goapp.Aside().ID("lesson").Class("lesson", "panel").DataSet("lesson", "fa-aligns").
		DataSet("step", "2").Aria("label", "Lesson: Feedback alignment aligns"), v, 0)
	// The head: the way back to the list, the step, the close button.
	match(t, goapp.A().Href("/lessons"), v, 0, 0, 0, 0, 0)
	match(t, goapp.Text(" · step 2 of 3"), v, 0, 0, 0, 0, 1)
	match(t, goapp.Text("Feedback alignment aligns"), v, 0, 0, 1, 0)
	// Steps: the first done, the second current, the third to come.
	match(t, goapp.Li().Class("lesson-step step-done"), v, 0, 0, 4, 0)
	match(t, goapp.Li().Class("lesson-step step-current").Aria("current", "step"), v, 0, 0, 4, 1)
	match(t, goapp.Li().Class("lesson-step"), v, 0, 0, 4, 2)
	match(t, goapp.Text("Add KP."), v, 0, 0, 4, 1, 1, 0)
	// Navigation.
	match(t, goapp.Button().ID("lesson-back").Class("btn", "btn-text").Disabled(false).OnClick(func(goapp.Context, goapp.Event) {}), v, 0, 0, 5, 0)
	match(t, goapp.Button().ID("lesson-next").Class("btn", "btn-primary").Disabled(false).OnClick(func(goapp.Context, goapp.Event) {}), v, 0, 0, 5, 2)
	// Claims, with their marks and data-status.
	match(t, goapp.Section().ID("lesson-claims").Class("lesson-claims").Aria("live", "polite").
		DataSet("held", "1").DataSet("claims", "4"), v, 0, 1)
	for i, c := range []struct{ status, mark string }{{"holds", "✓"}, {"pending", "…"}, {"unchecked", "?"}, {"fails", "✗"}} {
		match(t, goapp.Li().ID("lesson-claim-%d", i).Class("lesson-claim", "claim-"+c.status).DataSet("status", c.status), v, 0, 1, 1, i)
		match(t, goapp.Text(c.mark), v, 0, 1, 1, i, 0, 0)
	}
	match(t, goapp.Text("FA aligns."), v, 0, 1, 1, 0, 1, 0, 0)
	match(t, goapp.Text("56° at epoch 20"), v, 0, 1, 1, 0, 1, 1, 1, 0)
	match(t, goapp.Text(" (measured on settings changed from the step's)"), v, 0, 1, 1, 1, 1, 1, 2, 0)
}

func TestLessonViewEnds(t *testing.T) {
	t.Parallel()
	v := testLesson()
	v.Current = 0
	load(t, v)
	match(t, goapp.Button().ID("lesson-back").Class("btn", "btn-text").Disabled(true).OnClick(func(goapp.Context, goapp.Event) {}), v, 0, 0, 5, 0)
	v2 := testLesson()
	v2.Current = 7 // beyond the last step: shown as the last
	load(t, v2)
	match(t, goapp.Aside().ID("lesson").Class("lesson", "panel").DataSet("lesson", "fa-aligns").
		DataSet("step", "3").Aria("label", "Lesson: Feedback alignment aligns"), v2, 0)
	match(t, goapp.Button().ID("lesson-next").Class("btn", "btn-primary").Disabled(true).OnClick(func(goapp.Context, goapp.Event) {}), v2, 0, 0, 5, 2)
}

func TestLessonList(t *testing.T) {
	t.Parallel()
	l := &LessonList{Items: []LessonItem{
		{Key: "a", Title: "Lesson A", Summary: "About A.", Cite: "Paper A.", Href: "/?lesson=a", Steps: 2, Claims: 1},
		{Key: "b", Title: "Lesson B", Summary: "About B.", Cite: "Paper B.", Href: "/?lesson=b", Steps: 1, Claims: 3},
	}}
	load(t, l)
	match(t, goapp.Ol().ID("lessons").Class("lesson-list"), l, 0)
	match(t, goapp.Li().Class("lesson-card", "panel").DataSet("lesson", "b"), l, 0, 1)
	match(t, goapp.A().Href("/?lesson=b").OnClick(loadPage), l, 0, 1, 0, 1)
	match(t, goapp.Text("Lesson B"), l, 0, 1, 0, 1, 0)
	match(t, goapp.Text("1 step, 3 checked claims"), l, 0, 1, 3, 0)
}

func TestLessonArrows(t *testing.T) {
	t.Parallel()
	a := &LessonArrows{
		Title: "Neurons", Help: "Arrows.",
		Arrows: []Arrow{{X: 1, Y: 0, Color: "#112233", Weight: 1, Label: "unit 1"}},
		Guides: []Arrow{{X: 0, Y: -1, Color: "#445566", Label: "class 1"}},
		Trails: [][]float64{{0, 1, 0.6, 0.8, 1, 0}},
	}
	load(t, a)
	match(t, goapp.Figure().ID("lesson-arrows").Class("lesson-arrows"), a, 0)
	// unit circle, axes, the guide, the trail, the arrow.
	match(t, svg("path").Class("arrows-guide").Attr("d", NeuronArrowPath(0, -1)).Style("stroke", "#445566"), a, 0, 1, 0, 2)
	match(t, svg("path").Class("arrows-trail").Attr("d", "M0 100L60 80L100 0").Style("stroke", "#112233"), a, 0, 1, 0, 3)
	match(t, svg("path").Class("arrows-neuron").Attr("d", NeuronArrowPath(1, 0)).
		Style("stroke", "#112233").Style("stroke-width", "3").Style("opacity", "1"), a, 0, 1, 0, 4)
}

func TestNeuronArrowPath(t *testing.T) {
	t.Parallel()
	if got := NeuronArrowPath(0, 0); got != "M0 0" {
		t.Errorf("zero arrow: %q", got)
	}
	got := NeuronArrowPath(1, 0)
	if !strings.HasPrefix(got, "M0 0L100 0M") || !strings.Contains(got, "L100 0L") {
		t.Errorf("arrow along x: %q", got)
	}
	// The head's barbs lie behind the tip, symmetric about the shaft.
	if got != "M0 0L100 0M92.7 -3.4L100 0L92.7 3.4" {
		t.Errorf("arrow along x: %q", got)
	}
}

func TestLessonUnits(t *testing.T) {
	t.Parallel()
	u := &LessonUnits{Title: "Units", Help: "Click.", Layers: [][]UnitCell{
		{{Selectivity: 0.5, Color: "#ff0000"}, {Selectivity: -1, Dead: true}, {Selectivity: 0.25, Color: "#00ff00", Lesioned: true}},
	}}
	load(t, u)
	match(t, goapp.Figure().ID("lesson-units").Class("lesson-units"), u, 0)
	match(t, goapp.Text("Layer 1"), u, 0, 1, 0, 0, 0)
	click := func(goapp.Context, goapp.Event) {}
	match(t, goapp.Button().ID("unit-cell-1-1").Class("unit-cell").
		Aria("label", "unit 1:1, selectivity 0.5: click to lesion").Aria("pressed", false).
		Title("unit 1:1, selectivity 0.5: click to lesion").OnClick(click).
		Style("--unit-color", "#ff0000").Style("--unit-sel", "0.50"), u, 0, 1, 0, 1, 0)
	match(t, goapp.Button().ID("unit-cell-1-2").Class("unit-cell", "unit-dead").
		Aria("label", "unit 1:2, dead (never active): click to lesion").Aria("pressed", false).
		Title("unit 1:2, dead (never active): click to lesion").OnClick(click), u, 0, 1, 0, 1, 1)
	match(t, goapp.Button().ID("unit-cell-1-3").Class("unit-cell", "unit-lesioned").
		Aria("label", "unit 1:3, lesioned: click to restore").Aria("pressed", true).
		Title("unit 1:3, lesioned: click to restore").OnClick(click).
		Style("--unit-color", "#00ff00").Style("--unit-sel", "0.25"), u, 0, 1, 0, 1, 2)
}
