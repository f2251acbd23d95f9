package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// CanvasMap is a canvas of Grid×Grid pixels that app/ paints (one
// putImageData per frame), scaled by CSS to its box. Label describes the
// picture for screen readers and as a tooltip; without one the canvas is
// decorative (its parent is labelled) and hidden from screen readers.
//
// go-app keeps the canvas element, and so its pixels, across renders as
// long as ID and Grid stay the same.
type CanvasMap struct {
	goapp.Compo

	ID    string
	Grid  int
	Class string
	Label string
}

// Render implements goapp.Composer.
func (c *CanvasMap) Render() goapp.UI {
	cv := goapp.Canvas().ID("%s", c.ID).Class("map", c.Class).Width(c.Grid).Height(c.Grid)
	if c.Label == "" {
		return cv.Aria("hidden", "true")
	}
	return cv.Role("img").Aria("label", c.Label).Title("%s", c.Label)
}
