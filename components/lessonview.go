package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ActionLesson moves through a lesson (value LessonNav).
const ActionLesson = "plasticity/lesson"

// LessonNav is the value of ActionLesson: go to step Step (from 0) and open
// its experiment; with Close, leave the lesson and keep the experiment.
type LessonNav struct {
	Step  int
	Close bool
}

// LessonStep is one step of a lesson, as LessonView shows it.
type LessonStep struct {
	Text string
	// Opens says the step opens an experiment of its own (otherwise it
	// goes on with the one before).
	Opens bool
}

// The states of a claim, as LessonClaim.Status and the data-status
// attribute of each claim carry them.
const (
	ClaimPending   = "pending"   // the runs have not shown it yet
	ClaimHolds     = "holds"     // ✓
	ClaimFails     = "fails"     // ✗
	ClaimUnchecked = "unchecked" // about another step, not run in this page yet
)

// LessonClaim is a claim of a lesson with its live verdict.
type LessonClaim struct {
	Text   string
	Status string // one of the Claim… constants
	Detail string // the measured figures behind the verdict
	Step   int    // the step (from 0) whose experiment the claim is about
	// Note qualifies the verdict, e.g. that it was measured on settings
	// changed from the lesson's.
	Note string
}

// LessonView is a lesson beside the playground (#lesson): its title and
// paper, its text, its steps with the current one open, and its claims,
// each with a live ✓ (holds), ✗ (fails) or … (not yet). The buttons post
// ActionLesson: back, next, open a step, restart the current step, and
// leave the lesson.
type LessonView struct {
	goapp.Compo

	Key   string
	Title string
	Cite  string
	Text  []string
	Steps []LessonStep
	// Current is the step the page is at, from 0.
	Current int
	Claims  []LessonClaim
	// Index is the address of the list of lessons.
	Index string
}

// Render implements goapp.Composer.
func (v *LessonView) Render() goapp.UI {
	cur := min(max(v.Current, 0), max(len(v.Steps)-1, 0))
	held := 0
	for _, c := range v.Claims {
		if c.Status == ClaimHolds {
			held++
		}
	}
	return goapp.Aside().ID("lesson").Class("lesson", "panel").DataSet("lesson", v.Key).
		DataSet("step", strconv.Itoa(cur+1)).Aria("label", "Lesson: "+v.Title).Body(
		goapp.Div().Class("lesson-main").Body(
			goapp.Div().Class("lesson-head").Body(
				goapp.P().Class("lesson-kicker").Body(
					goapp.A().Href(v.Index).Text("Lessons"),
					goapp.Text(" · step "+strconv.Itoa(cur+1)+" of "+strconv.Itoa(len(v.Steps))),
				),
				goapp.Button().ID("lesson-close").Class("btn", "btn-icon").
					Aria("label", "Leave the lesson").Title("Leave the lesson and keep the experiment").
					OnClick(v.onClose).Body(icon(iconClose...)),
			),
			goapp.H2().Class("lesson-title").Text(v.Title),
			goapp.P().Class("cite").Body(goapp.Cite().Text(v.Cite)),
			goapp.Details().Class("lesson-text").Open(cur == 0).Body(
				goapp.Summary().Text("The idea"),
				goapp.Range(v.Text).Slice(func(i int) goapp.UI { return goapp.P().Text(v.Text[i]) }),
			),
			goapp.Ol().ID("lesson-steps").Class("lesson-steps").Body(
				goapp.Range(v.Steps).Slice(func(i int) goapp.UI { return v.step(i, cur) }),
			),
			goapp.Div().Class("lesson-nav").Body(
				goapp.Button().ID("lesson-back").Class("btn", "btn-text").Disabled(cur == 0).
					OnClick(v.onGo(cur-1)).Text("← Back"),
				goapp.Button().ID("lesson-restart").Class("btn", "btn-text").
					Title("Open this step's experiment again, from the start").
					OnClick(v.onGo(cur)).Text("Restart step"),
				goapp.Button().ID("lesson-next").Class("btn", "btn-primary").Disabled(cur >= len(v.Steps)-1).
					OnClick(v.onGo(cur+1)).Text("Next →"),
			),
		),
		goapp.Section().ID("lesson-claims").Class("lesson-claims").Aria("live", "polite").
			DataSet("held", strconv.Itoa(held)).DataSet("claims", strconv.Itoa(len(v.Claims))).Body(
			goapp.H3().Text("What the lesson checks"),
			goapp.Ul().Body(
				goapp.Range(v.Claims).Slice(func(i int) goapp.UI { return v.claim(i) }),
			),
		),
	)
}

// step renders step i; cur is the current step.
func (v *LessonView) step(i, cur int) goapp.UI {
	s := v.Steps[i]
	class := "lesson-step"
	switch {
	case i < cur:
		class += " step-done"
	case i == cur:
		class += " step-current"
	}
	li := goapp.Li().Class(class)
	if i == cur {
		li = li.Aria("current", "step")
	}
	return li.Body(
		goapp.Button().Class("step-go").Title("Go to step %d", i+1).OnClick(v.onGo(i)).
			Text(strconv.Itoa(i+1)),
		goapp.P().Class("step-text").Text(s.Text),
	)
}

// claimMarks are the marks of a claim's states.
var claimMarks = map[string]string{ClaimHolds: "✓", ClaimFails: "✗", ClaimPending: "…", ClaimUnchecked: "?"}

// claimWords say the marks in words, for screen readers and tooltips.
var claimWords = map[string]string{
	ClaimHolds: "holds", ClaimFails: "does not hold", ClaimPending: "not shown yet",
	ClaimUnchecked: "not checked yet: its step has not run in this page",
}

// claim renders claim i.
func (v *LessonView) claim(i int) goapp.UI {
	c := v.Claims[i]
	status := c.Status
	if claimMarks[status] == "" {
		status = ClaimPending
	}
	return goapp.Li().ID("lesson-claim-%d", i).Class("lesson-claim", "claim-"+status).DataSet("status", status).Body(
		goapp.Span().Class("claim-mark").Aria("label", claimWords[status]).Title(claimWords[status]).Text(claimMarks[status]),
		goapp.Div().Class("claim-body").Body(
			goapp.P().Class("claim-text").Text(c.Text),
			goapp.P().Class("claim-detail").Body(
				goapp.Span().Text("Step "+strconv.Itoa(c.Step+1)+": "),
				goapp.If(c.Detail != "", func() goapp.UI { return goapp.Span().Class("claim-figures").Text(c.Detail) }),
				goapp.If(c.Note != "", func() goapp.UI { return goapp.Span().Class("claim-note").Text(" " + c.Note) }),
			),
		),
	)
}

func (v *LessonView) onGo(step int) goapp.EventHandler {
	return func(ctx goapp.Context, e goapp.Event) {
		if step >= 0 && step < len(v.Steps) {
			post(ctx, ActionLesson, LessonNav{Step: step})
		}
	}
}

func (v *LessonView) onClose(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionLesson, LessonNav{Close: true})
}
