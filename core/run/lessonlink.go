package run

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
)

// The link keys of this file change what a run does without being settings
// of the network, the data or the rule, and are read after Decode's loop
// because they depend on other keys:
//
//	lesson=fa-aligns   the page shows that lesson beside the playground
//	                   (core/lesson holds them; the run ignores the key)
//	step=2             the lesson's step the page is at (from 1; needs lesson)
//	constraint=dale    a sign constraint on the weights (constraint.go)
//	lesion=1:3&lesionat=20  silenced hidden units (lesion.go)
//	tasks=4&taskepochs=5&rehearsal=powerlaw:0.25  a sequence of tasks (tasks.go)
//	drift=10&homeostasis=1  labels that change, a learning rate that follows need (drift.go)
//	deficit=drop:0.5&deficitat=0-20  impaired training inputs for some epochs (deficit.go)

// lessonKeyRE is the form of a lesson key. Which lessons exist is
// core/lesson's business (it imports this package); the page reports a
// well-formed key that names no lesson.
var lessonKeyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// MaxLessonStep is the largest step a link may name.
const MaxLessonStep = 50

// decodeExtras reads the keys of this file into e. Decode calls it after
// its loop, when e.Hidden is settled.
func decodeExtras(vals url.Values, e *Experiment, bad func(key, format string, args ...any)) {
	if v, ok := vals["lesson"]; ok {
		if s := last(v); lessonKeyRE.MatchString(s) {
			e.Lesson = s
		} else {
			bad("lesson", "%q is not a lesson key (lowercase letters, digits and dashes); no lesson", s)
		}
	}
	if v, ok := vals["step"]; ok {
		switch n, err := strconv.Atoi(last(v)); {
		case e.Lesson == "":
			bad("step", "a step belongs to a lesson (lesson=<key>); ignored")
		case err != nil || n < 1 || n > MaxLessonStep:
			bad("step", "%q is not a step in [1, %d]; using 1", last(v), MaxLessonStep)
		default:
			e.LessonStep = n
		}
	}
	if v, ok := vals["constraint"]; ok {
		parseConstraint(&e.Constraint, "constraint", last(v), bad)
	}
	if v, ok := vals["lesion"]; ok {
		us, err := ParseLesion(last(v))
		if err == nil {
			f := *e
			f.Lesion = us
			err = f.checkLesion()
		}
		if err != nil {
			bad("lesion", "%v; no lesion", err)
		} else {
			e.Lesion = us
		}
	}
	decodeTasks(vals, e, bad)   // tasks.go
	decodeDrift(vals, e, bad)   // drift.go
	decodeDeficit(vals, e, bad) // deficit.go
	if v, ok := vals["lesionat"]; ok {
		switch n, err := strconv.Atoi(last(v)); {
		case len(e.Lesion) == 0:
			bad("lesionat", "there is no lesion (lesion=<layer>:<unit>,…); ignored")
		case err != nil || n < 0 || n > MaxEpochs:
			bad("lesionat", "%q is not an epoch in [0, %d]; the lesion is from the start", last(v), MaxEpochs)
		default:
			e.LesionAt = n
		}
	}
}

// encodeExtras writes the keys of this file into v.
func (e Experiment) encodeExtras(v url.Values) {
	if e.Lesson != "" {
		v.Set("lesson", e.Lesson)
		if e.LessonStep > 1 {
			v.Set("step", strconv.Itoa(e.LessonStep))
		}
	}
	if e.Constraint != "" {
		v.Set("constraint", e.Constraint)
	}
	e.Tasks.encode(v)   // tasks.go
	e.encodeDrift(v)    // drift.go
	e.Deficit.encode(v) // deficit.go
	if len(e.Lesion) > 0 {
		v.Set("lesion", FormatLesion(e.Lesion))
		if e.LesionAt > 0 {
			v.Set("lesionat", strconv.Itoa(e.LesionAt))
		}
	}
}

// validateExtras reports what is wrong with the keys of this file.
func (e Experiment) validateExtras(bad func(key, format string, args ...any)) {
	if e.Lesson != "" && !lessonKeyRE.MatchString(e.Lesson) {
		bad("lesson", "%q is not a lesson key", e.Lesson)
	}
	if e.LessonStep != 0 && (e.Lesson == "" || e.LessonStep < 1 || e.LessonStep > MaxLessonStep) {
		bad("step", "step %d without a lesson or outside [1, %d]", e.LessonStep, MaxLessonStep)
	}
	if err := checkConstraint(e.Constraint); err != nil {
		bad("constraint", "%v", err)
	}
	if err := e.checkLesion(); err != nil {
		bad("lesion", "%v", err)
	}
	if err := e.checkTasks(); err != nil {
		bad("tasks", "%v", err)
	}
	if err := e.checkDrift(); err != nil {
		bad("drift", "%v", err)
	}
	if err := e.Deficit.check(); err != nil {
		bad("deficit", "%v", err)
	}
	if e.LesionAt != 0 && len(e.Lesion) == 0 {
		bad("lesionat", "lesionat without a lesion")
	}
	if !slices.Equal(e.Lesion, canonicalUnits(e.Lesion)) {
		bad("lesion", "%q is not sorted by layer and unit without repeats", FormatLesion(e.Lesion))
	}
}

// WithoutLesson returns e without the lesson keys: the experiment itself.
func (e Experiment) WithoutLesson() Experiment {
	e.Lesson, e.LessonStep = "", 0
	return e
}
