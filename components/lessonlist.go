package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// LessonItem is one lesson in a LessonList.
type LessonItem struct {
	Key     string
	Title   string
	Summary string // the lesson's first paragraph
	Cite    string
	Href    string // the lesson's link
	Steps   int
	Claims  int
}

// LessonList is the list of lessons (#lessons): each a card with its
// title, its first paragraph, its paper and a link that opens it beside
// the playground (a whole page load: see loadPage).
type LessonList struct {
	goapp.Compo

	Items []LessonItem
}

// Render implements goapp.Composer.
func (l *LessonList) Render() goapp.UI {
	return goapp.Ol().ID("lessons").Class("lesson-list").Body(
		goapp.Range(l.Items).Slice(func(i int) goapp.UI {
			it := l.Items[i]
			return goapp.Li().Class("lesson-card", "panel").DataSet("lesson", it.Key).Body(
				goapp.H2().Body(
					goapp.Span().Class("lesson-num").Text(strconv.Itoa(i+1)),
					goapp.A().Href(it.Href).OnClick(loadPage).Text(it.Title),
				),
				goapp.P().Text(it.Summary),
				goapp.P().Class("cite").Body(goapp.Cite().Text(it.Cite)),
				goapp.P().Class("help").Text(lessonCount(it.Steps, "step")+", "+lessonCount(it.Claims, "checked claim")),
			)
		}),
	)
}

// lessonCount writes n word(s).
// loadPage lets a click on a link load its page afresh, as a link from
// another site would, instead of go-app's navigation within the app: the
// playground reads its experiment from the address when it starts, and
// go-app starts the new page before it changes the address.
func loadPage(ctx goapp.Context, e goapp.Event) {
	e.Call("stopPropagation") // go-app handles link clicks on the window
}

func lessonCount(n int, word string) string {
	s := strconv.Itoa(n) + " " + word
	if n != 1 {
		s += "s"
	}
	return s
}
