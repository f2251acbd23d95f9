package app

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/lesson"
	"plasticity/core/run"
)

// The lesson mode: a lesson (core/lesson) beside the playground. A lesson
// lives in the link like everything else, as lesson=<key>&step=<n> on top
// of the experiment (core/run's lessonlink.go), so a lesson's link is an
// ordinary playground link and works offline, in the share dialog and in
// `plasticity run` alike.
//
// Moving to a step that has an experiment of its own opens it from the
// start and trains it; a step without one keeps the runs going. Each claim
// is checked on the runs whenever they record a point, if the page shows
// the experiment of the claim's step (or a change of it); its verdict is
// remembered when the page moves to another step.

// lessonState is what the page keeps of its lesson.
type lessonState struct {
	key      string
	verdicts []claimVerdict // per claim
	history  string         // the runs' history the verdicts were taken from
	extra    lessonExtras   // the lesson's figures and views (lesson_views.go)
	// The arrows' trails (lesson_views.go): the tips so far, per arrow, of
	// the run trailRun.
	trailRun  *run.Run
	trailTips [][]float64
}

// claimVerdict is a claim's last verdict in this page.
type claimVerdict struct {
	checked bool
	v       lesson.Verdict
	changed bool // measured on settings changed from the step's
}

// currentLesson returns the lesson the link names and the step (from 0)
// the page is at.
func (p *Playground) currentLesson() (lesson.Lesson, int, bool) {
	e := p.m.exp
	if e.Lesson == "" {
		return lesson.Lesson{}, 0, false
	}
	l, ok := lesson.Lookup(e.Lesson)
	if !ok {
		return lesson.Lesson{}, 0, false
	}
	return l, min(max(e.LessonStep, 1), len(l.Steps)) - 1, true
}

// lessonQuery returns the query a page opens with: a lesson link that
// names no experiment (only v, lesson and step) opens its step's
// experiment; any other query is returned as it is.
func lessonQuery(query string) string {
	vals, err := url.ParseQuery(query)
	if err != nil || !vals.Has("lesson") {
		return query
	}
	for k := range vals {
		if k != "v" && k != "lesson" && k != "step" {
			return query
		}
	}
	l, ok := lesson.Lookup(vals.Get("lesson"))
	if !ok {
		return query
	}
	step, _ := strconv.Atoi(vals.Get("step"))
	step = min(max(step, 1), len(l.Steps))
	return stepQuery(l, step-1)
}

// stepQuery returns the link of step i (from 0) of l with the lesson keys.
func stepQuery(l lesson.Lesson, i int) string {
	q := l.StepLink(i) + "&lesson=" + l.Key
	if i > 0 {
		q += "&step=" + strconv.Itoa(i+1)
	}
	return q
}

// onLesson moves through the lesson, or leaves it.
func (p *Playground) onLesson(ctx goapp.Context, a goapp.Action) {
	nav, ok := a.Value.(components.LessonNav)
	l, _, in := p.currentLesson()
	if !ok || !in {
		return
	}
	if nav.Close {
		p.m.setLesson("", 0)
		p.lesson = lessonState{}
		p.changed(ctx)
		return
	}
	i := min(max(nav.Step, 0), len(l.Steps)-1)
	if l.Steps[i].Link == "" && i > 0 {
		// The step goes on with the experiment on the page.
		p.m.setLesson(l.Key, i+1)
		p.changed(ctx)
		return
	}
	p.m.openLink(stepQuery(l, i))
	p.changed(ctx)
	if p.client {
		p.startLoop()
		p.publish()
	}
}

// setLesson puts the lesson keys into every run's experiment without
// rebuilding the runs (key "" leaves the lesson).
func (m *model) setLesson(key string, step int) {
	if key == "" {
		step = 0
	}
	for i := range m.spec.Runs {
		m.spec.Runs[i].Lesson, m.spec.Runs[i].LessonStep = key, step
	}
	m.exp = m.spec.Base()
}

// openLink makes the comparison that query describes current and builds
// its runs afresh, even when it is the one on the page (a step restarted).
func (m *model) openLink(query string) {
	c, err := run.DecodeComparison(query)
	m.setProblems(err, "link")
	m.spec, m.exp = c, c.Base()
	m.rebuild()
}

// publishLesson checks the claims about the experiment on the page when
// the runs' history has changed, and refreshes the lesson's figures.
func (p *Playground) publishLesson() {
	l, cur, ok := p.currentLesson()
	if !ok {
		p.lesson = lessonState{}
		return
	}
	if p.lesson.key != l.Key {
		p.lesson = lessonState{key: l.Key, verdicts: make([]claimVerdict, len(l.Claims))}
	}
	runs := p.m.runs()
	key := lessonHistoryKey(runs)
	if key == p.lesson.history {
		return
	}
	p.lesson.history = key
	if len(runs) == 0 {
		return
	}
	changed := !sameExperiment(p.m.spec, l.StepLink(cur))
	for i, c := range l.Claims {
		if l.StepLink(c.Step) != l.StepLink(cur) {
			continue // about another step's experiment: keep its verdict
		}
		p.lesson.verdicts[i] = claimVerdict{checked: true, v: check(c, runs), changed: changed}
	}
	p.lesson.extra = lessonExtrasOf(l, runs)
	p.lesson.trails(runs[0], p.lesson.extra.arrows)
}

// check runs a claim's Check, turning a panic (a claim that cannot read
// runs changed beyond what it expects) into a pending verdict.
func check(c lesson.Claim, runs []*run.Run) (v lesson.Verdict) {
	defer func() {
		if r := recover(); r != nil {
			v = lesson.Verdict{Status: lesson.Pending, Detail: fmt.Sprintf("cannot be checked on these settings (%v)", r)}
		}
	}()
	return c.Check(runs)
}

// lessonHistoryKey says which state of the runs the verdicts describe.
func lessonHistoryKey(runs []*run.Run) string {
	var b strings.Builder
	for _, r := range runs {
		fmt.Fprintf(&b, "%p/%d/%s;", r, len(r.History()), r.State())
	}
	return b.String()
}

// sameExperiment reports whether spec is the experiment of link, lesson
// keys and play aside.
func sameExperiment(spec run.CompareSpec, link string) bool {
	want, err := run.DecodeComparison(link)
	if err != nil {
		return false
	}
	return bare(spec).Equal(bare(want))
}

// bare returns c without the keys that do not change the runs' training
// (lesson, step, play).
func bare(c run.CompareSpec) run.CompareSpec {
	c = c.Clone()
	for i := range c.Runs {
		c.Runs[i] = c.Runs[i].WithoutLesson()
		c.Runs[i].Play = false
	}
	return c
}

// lessonView returns the lesson's component, or nil outside a lesson.
func (p *Playground) lessonView() *components.LessonView {
	l, cur, ok := p.currentLesson()
	if !ok {
		return nil
	}
	v := &components.LessonView{
		Key: l.Key, Title: l.Title, Cite: l.Cite, Text: l.Text, Current: cur, Index: "/lessons",
	}
	for _, s := range l.Steps {
		v.Steps = append(v.Steps, components.LessonStep{Text: s.Text, Opens: s.Link != ""})
	}
	for i, c := range l.Claims {
		item := components.LessonClaim{Text: c.Text, Step: c.Step, Status: components.ClaimUnchecked}
		if i < len(p.lesson.verdicts) && p.lesson.key == l.Key {
			cv := p.lesson.verdicts[i]
			if cv.checked {
				item.Status, item.Detail = cv.v.Status.String(), cv.v.Detail
				if cv.changed {
					item.Note = "(measured on settings changed from the step's)"
				}
			}
		}
		if item.Status == components.ClaimUnchecked {
			item.Note = "Go to step " + strconv.Itoa(c.Step+1) + " to check it."
		}
		v.Claims = append(v.Claims, item)
	}
	return v
}

// lessonPanel returns the lesson beside the workspace, or the workspace
// alone outside a lesson.
func (p *Playground) lessonPanel(workspace goapp.UI) goapp.UI {
	v := p.lessonView()
	if v == nil {
		return workspace
	}
	return goapp.Div().Class("lesson-layout").Body(
		goapp.Div().Class("lesson-column").Body(
			v,
			p.lessonExtraViews(),
		),
		workspace,
	)
}

// checkLesson reports a lesson key that names no lesson, with the notice's
// other link problems.
func (m *model) checkLesson() {
	k := m.exp.Lesson
	if k == "" {
		return
	}
	if _, ok := lesson.Lookup(k); ok {
		return
	}
	var keys []string
	for _, l := range lesson.Lessons() {
		keys = append(keys, l.Key)
	}
	m.problems = append(m.problems, run.Problem{Key: "lesson",
		Msg: fmt.Sprintf("no lesson %q (known: %s); showing the experiment alone", k, strings.Join(keys, ", "))})
	if m.problemSource == "" {
		m.problemSource = "link"
	}
}

// lesionReplay bounds the training a lesion replays in one go in the
// page (lesionAt): beyond it the run goes on training to the lesion as
// usual.
const lesionReplay = 3 * time.Second

// onLesion lesions a hidden unit, or restores it, for every run: the link
// gets the unit (lesion=<layer>:<unit>) and, for the first lesion of a
// trained run, the epoch it happens at (lesionat), and the runs are built
// again and replayed to that epoch, so that the page shows what the link
// reproduces: training to that epoch, then the lesion.
func (p *Playground) onLesion(ctx goapp.Context, a goapp.Action) {
	ref, ok := a.Value.(components.UnitRef)
	if !ok || p.m.run == nil {
		return
	}
	e := p.m.exp
	units := run.ToggleLesion(e.Lesion, run.Unit{Layer: ref.Layer, Unit: ref.Unit})
	at := e.LesionAt
	if len(e.Lesion) == 0 {
		at = p.m.run.Epoch()
	}
	q, _ := url.ParseQuery(p.m.spec.Encode())
	q.Del("lesion")
	q.Del("lesionat")
	if len(units) > 0 {
		q.Set("lesion", run.FormatLesion(units))
		if at > 0 {
			q.Set("lesionat", strconv.Itoa(at))
		}
	}
	playing := p.m.playing
	p.stopLoop()
	p.m.openLink(q.Encode())
	p.m.replayTo(at, lesionReplay)
	p.paintRun()
	p.changed(ctx)
	if playing {
		p.startLoop()
	}
}

// replayTo trains the runs until run 1 has finished epoch epoch (and
// recorded the lesion there), or for at most d.
func (m *model) replayTo(epoch int, d time.Duration) {
	if m.run == nil || epoch <= 0 {
		return
	}
	start := time.Now()
	for m.canTrain() && m.run.Epoch() < epoch && time.Since(start) < d {
		m.advance(50*time.Millisecond, 0)
	}
	m.playing = false
}
