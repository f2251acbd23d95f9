package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

const svgNS = "http://www.w3.org/2000/svg"

// svg returns an SVG element: go-app creates it with createElementNS, which
// the browser needs to draw it.
func svg(tag string) goapp.HTMLElem {
	return goapp.Elem(tag).XMLNS(svgNS)
}

// iconShape is one path of an icon, filled or stroked with currentColor.
type iconShape struct {
	d      string
	stroke bool
}

// icon returns a 20×20 inline SVG icon. It is decorative: the button that
// holds it carries the label.
func icon(shapes ...iconShape) goapp.UI {
	paths := make([]goapp.UI, len(shapes))
	for i, s := range shapes {
		class := "icon-fill"
		if s.stroke {
			class = "icon-stroke"
		}
		paths[i] = svg("path").Class(class).Attr("d", s.d)
	}
	return svg("svg").Class("icon").Attr("viewBox", "0 0 20 20").
		Attr("width", "20").Attr("height", "20").
		Aria("hidden", "true").Attr("focusable", "false").
		Body(paths...)
}

// The icons.
var (
	iconPlay  = []iconShape{{d: "M6 3.5v13l11-6.5z"}}
	iconPause = []iconShape{{d: "M5 3.5h3.5v13H5zM11.5 3.5H15v13h-3.5z"}}
	iconStep  = []iconShape{{d: "M4 4v12l8.5-6zM13.5 4H16v12h-2.5z"}}
	iconReset = []iconShape{
		{d: "M15.6 7A6.3 6.3 0 1 0 16.3 11", stroke: true},
		{d: "M17.2 2.8v5.6h-5.6z"},
	}
	iconLink = []iconShape{
		{d: "M8 12l4-4", stroke: true},
		{d: "M9 5.8l1.4-1.4a3.1 3.1 0 0 1 4.4 4.4L13.4 10.2", stroke: true},
		{d: "M11 14.2l-1.4 1.4a3.1 3.1 0 0 1-4.4-4.4L6.6 9.8", stroke: true},
	}
	iconDice = []iconShape{
		{d: "M5 2.8h10a2.2 2.2 0 0 1 2.2 2.2v10a2.2 2.2 0 0 1-2.2 2.2H5A2.2 2.2 0 0 1 2.8 15V5A2.2 2.2 0 0 1 5 2.8z", stroke: true},
		{d: "M7 5.8a1.2 1.2 0 1 1 0 2.4a1.2 1.2 0 1 1 0-2.4zM13 11.8a1.2 1.2 0 1 1 0 2.4a1.2 1.2 0 1 1 0-2.4zM10 8.8a1.2 1.2 0 1 1 0 2.4a1.2 1.2 0 1 1 0-2.4z"},
	}
	iconClose = []iconShape{{d: "M5 5l10 10M15 5L5 15", stroke: true}}
	iconShare = []iconShape{
		{d: "M3 3h5v5H3zM12 3h5v5h-5zM3 12h5v5H3z", stroke: true},
		{d: "M12 12h2.5v2.5H12zM14.5 14.5H17V17h-2.5zM5 5h1v1H5zM14 5h1v1h-1zM5 14h1v1H5z"},
	}
	iconPlus  = []iconShape{{d: "M10 4.5v11M4.5 10h11", stroke: true}}
	iconMinus = []iconShape{{d: "M4.5 10h11", stroke: true}}
)
