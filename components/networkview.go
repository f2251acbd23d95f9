package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// UnitID returns the id of the canvas of unit j of layer l (0 the inputs).
func UnitID(l, j int) string { return "unit-" + strconv.Itoa(l) + "-" + strconv.Itoa(j) }

// NetworkView draws the network: every unit as a small picture (canvases
// UnitID(l, j), painted by app/: its response over the input plane for data
// in the plane, its receptive field for images) or as a dot, and every
// weight as a line, orange when negative and blue when positive, thicker as
// it is larger. Hidden layers have buttons to add and remove units
// (ActionLayers).
type NetworkView struct {
	goapp.Compo

	Sizes   []int       // units per layer, inputs first, outputs last
	Weights [][]float64 // Weights[l]: Sizes[l+1] × Sizes[l], row-major
	// Grids[l] is the side in pixels of the pictures of layer l's units;
	// 0 (or a missing entry) draws them as dots.
	Grids []int
	// MapKind says what the pictures show, for the tooltips: "response"
	// (over the plane) or "field" (receptive field, the unit's weights).
	MapKind string
	// InputNames and OutputNames label the first and last columns.
	InputNames  []string
	OutputNames []string
	Activation  string // of the hidden layers, for the tooltips
	MaxWidth    int    // most units a hidden layer may have
	// Locked disables the buttons that add and remove units (a link's
	// lock=net); NoEdit leaves them out (hide=net).
	Locked, NoEdit bool
}

// Render implements goapp.Composer.
func (n *NetworkView) Render() goapp.UI {
	pictured := make([]bool, len(n.Sizes))
	for l := range pictured {
		pictured[l] = n.grid(l) > 0
	}
	lay := LayoutNetwork(n.Sizes, pictured)
	last := len(n.Sizes) - 1
	var heads, nodes []goapp.UI
	for l, col := range lay.Cols {
		heads = append(heads, n.head(l, last, col))
		for j := 0; j < col.Shown; j++ {
			nodes = append(nodes, n.node(l, last, j, col, lay))
		}
		if col.Shown < col.Size {
			nodes = append(nodes, goapp.Div().Class("net-more").
				Style("left", "%s%%", coord(col.X)).
				Style("top", "%spx", coord(lay.Height)).
				Text("+"+FormatCount(col.Size-col.Shown)+" more"))
		}
	}
	groups := LinkGroups(lay, n.Weights)
	links := make([]goapp.UI, len(groups))
	for i, g := range groups {
		sign := "neg"
		if g.Positive {
			sign = "pos"
		}
		links[i] = svg("path").Class("link", "link-"+sign, "link-"+strconv.Itoa(g.Level)).Attr("d", g.D)
	}
	height := coord(lay.Height)
	class := "network"
	if n.compact() {
		class = "network net-compact"
	}
	return goapp.Div().Class(class).Body(
		goapp.Div().Class("net-heads").Body(heads...),
		goapp.Div().Class("net-diagram").Style("height", "%spx", height).
			Role("img").Aria("label", n.summary()).
			Body(
				svg("svg").Class("net-links").
					Attr("viewBox", "0 0 100 "+height).Attr("preserveAspectRatio", "none").
					Aria("hidden", "true").
					Body(links...),
				goapp.Div().Class("net-nodes").Body(nodes...),
			),
	)
}

// head is the title of column l, with +/− buttons for hidden layers.
func (n *NetworkView) head(l, last int, col NetColumn) goapp.UI {
	var title, word string
	switch l {
	case 0:
		title, word = "Input", plural(col.Size, " feature", " features")
	case last:
		title, word = "Output", plural(col.Size, " unit", " units")
	default:
		title, word = "Hidden "+strconv.Itoa(l), plural(col.Size, " neuron", " neurons")
	}
	full := title
	if n.compact() {
		// Columns too close for "Hidden 3": "H3", with the full name as a
		// tooltip.
		title = map[int]string{0: "In", last: "Out"}[l]
		if title == "" {
			title = "H" + strconv.Itoa(l)
		}
	}
	sub := goapp.Span().Class("net-head-sub").Body(
		goapp.Span().Class("num").Text(strconv.Itoa(col.Size)),
		goapp.Span().Class("unit-word").Text(word),
	)
	h := goapp.Div().Class("net-head").Style("left", "%s%%", coord(col.X)).Title("%s", full)
	if l == 0 || l == last {
		return h.Body(goapp.Span().Class("net-head-title").Text(title), sub)
	}
	layer := l - 1
	if n.NoEdit {
		return h.Body(goapp.Span().Class("net-head-title").Text(title), sub)
	}
	return h.Body(
		goapp.Span().Class("net-head-title").Text(title),
		goapp.Div().Class("mini-stepper").Body(
			goapp.Button().ID("remove-unit-%d", layer).Class("btn", "btn-mini").
				Aria("label", "Remove a neuron from hidden layer "+strconv.Itoa(l)).
				Title(lockedOr("Remove a neuron from this layer", n.Locked)).
				DataSet("layer", layer).
				Disabled(col.Size <= 1 || n.Locked).
				OnClick(n.onRemove, goapp.EventScope(layer)).
				Body(icon(iconMinus...)),
			sub,
			goapp.Button().ID("add-unit-%d", layer).Class("btn", "btn-mini").
				Aria("label", "Add a neuron to hidden layer "+strconv.Itoa(l)).
				Title(lockedOr("Add a neuron to this layer", n.Locked)).
				DataSet("layer", layer).
				Disabled(n.MaxWidth > 0 && col.Size >= n.MaxWidth || n.Locked).
				OnClick(n.onAdd, goapp.EventScope(layer)).
				Body(icon(iconPlus...)),
		),
	)
}

// node is the map of unit j of column l.
func (n *NetworkView) node(l, last, j int, col NetColumn, lay NetLayout) goapp.UI {
	var label string
	pictured := n.grid(l) > 0
	switch {
	case l == 0 && pictured:
		label = "Input " + name(n.InputNames, j, "x"+strconv.Itoa(j+1)) + ": its value over the plane"
	case l == 0:
		label = "Input " + strconv.Itoa(j+1)
	case l == last && pictured:
		label = "Output " + name(n.OutputNames, j, strconv.Itoa(j+1)) + ": its response over the plane"
	case l == last:
		label = "Output " + name(n.OutputNames, j, strconv.Itoa(j+1))
	case pictured && n.MapKind == "field":
		label = "Hidden layer " + strconv.Itoa(l) + ", neuron " + strconv.Itoa(j+1) + ": its receptive field, the weights from each input pixel (orange negative, blue positive)"
	case pictured:
		label = "Hidden layer " + strconv.Itoa(l) + ", neuron " + strconv.Itoa(j+1) + ": its " + n.Activation + " response over the plane (orange negative, blue positive)"
	default:
		label = "Hidden layer " + strconv.Itoa(l) + ", neuron " + strconv.Itoa(j+1)
	}
	size := coord(col.Node)
	kind := "net-hidden"
	switch l {
	case 0:
		kind = "net-input"
	case last:
		kind = "net-output"
	}
	el := goapp.Div().Class("net-node", kind).
		Style("left", "%s%%", coord(col.X)).
		Style("top", "%spx", coord(col.Y[j])).
		Style("width", "%spx", size).Style("height", "%spx", size).
		Title("%s", label)
	var pic goapp.UI = goapp.Span().Class("net-dot")
	if pictured {
		pic = &CanvasMap{ID: UnitID(l, j), Grid: n.grid(l), Class: "unit-map"}
	} else {
		el = el.Class("net-plain")
	}
	return el.Body(
		pic,
		goapp.If(l == 0 || l == last, func() goapp.UI {
			names := n.InputNames
			if l == last {
				names = n.OutputNames
			}
			return goapp.Span().Class("net-node-name").Text(name(names, j, ""))
		}),
	)
}

// compact reports whether the columns are too close for full heads.
func (n *NetworkView) compact() bool { return len(n.Sizes) >= 6 }

// grid returns the picture size of layer l's units (0: dots).
func (n *NetworkView) grid(l int) int {
	if l < len(n.Grids) {
		return n.Grids[l]
	}
	return 0
}

func (n *NetworkView) summary() string {
	s := "Network with layers of "
	for i, size := range n.Sizes {
		if i > 0 {
			s += ", "
		}
		s += strconv.Itoa(size)
	}
	return s + " units"
}

func name(names []string, j int, def string) string {
	if j < len(names) {
		return names[j]
	}
	return def
}

func (n *NetworkView) layerOf(ctx goapp.Context) (int, bool) {
	l, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("layer").String())
	return l, err == nil
}

func (n *NetworkView) onAdd(ctx goapp.Context, e goapp.Event) {
	if l, ok := n.layerOf(ctx); ok {
		post(ctx, ActionLayers, LayerEdit{Layer: l, Delta: 1})
	}
}

func (n *NetworkView) onRemove(ctx goapp.Context, e goapp.Event) {
	if l, ok := n.layerOf(ctx); ok {
		post(ctx, ActionLayers, LayerEdit{Layer: l, Delta: -1})
	}
}
