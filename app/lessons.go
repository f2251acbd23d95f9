package app

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/lesson"
)

// LessonsPage is /lessons: the list of lessons, each a link that opens it
// beside the playground (lesson.go).
type LessonsPage struct {
	goapp.Compo
}

// Render implements goapp.Composer.
func (p *LessonsPage) Render() goapp.UI {
	return goapp.Div().Class("app", "lessons-page").Body(
		goapp.Header().Class("topbar").Body(
			goapp.A().Class("brand").Href("/").Body(
				goapp.Img().Class("brand-logo").Src("/web/icon.svg").Alt("").Width(36).Height(36),
				goapp.Div().Body(
					goapp.H1().Class("brand-name").Text("Plasticity"),
					goapp.P().Class("brand-tag").Text("How networks learn, rule by rule"),
				),
			),
		),
		goapp.Main().Class("lessons-main").Body(
			goapp.H1().Class("lessons-title").Text("Lessons"),
			goapp.P().Class("lessons-intro").Text("Each lesson reproduces a paper's finding in miniature: a short text, a few steps that open "+
				"experiments in the playground, and claims that the page checks on the runs as they train (✓ when they hold). "+
				"Every claim is also a test that runs the same experiment natively, so a lesson that stops teaching the truth fails the build."),
			&components.LessonList{Items: lessonItems()},
		),
		goapp.Footer().Class("footer").Body(
			goapp.P().Body(goapp.A().Href("/").Text("Back to the playground")),
		),
	)
}

// lessonItems lists the lessons for components.LessonList.
func lessonItems() []components.LessonItem {
	var out []components.LessonItem
	for _, l := range lesson.Lessons() {
		summary := ""
		if len(l.Text) > 0 {
			summary = l.Text[0]
		}
		out = append(out, components.LessonItem{
			Key: l.Key, Title: l.Title, Summary: summary, Cite: l.Cite,
			Href: "/?lesson=" + l.Key, Steps: len(l.Steps), Claims: len(l.Claims),
		})
	}
	return out
}
