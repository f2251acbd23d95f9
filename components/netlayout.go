package components

import (
	"math"
	"strings"
)

// Network diagram geometry. The diagram is as wide as its panel and as tall
// as its largest layer needs: x positions are percentages of the width, y
// positions and node sizes are pixels. The links are drawn in an SVG whose
// view box is 100 wide and Height tall, stretched to the panel
// (preserveAspectRatio="none", strokes kept in pixels by
// vector-effect: non-scaling-stroke), so the same numbers place both.
const (
	// MaxShownUnits is the most units a column draws; a wider layer shows
	// the first ones and says how many more it has.
	MaxShownUnits = 32
	netMaxPitch   = 46  // px between node tops, for small layers
	netMaxHeight  = 600 // px, the tallest diagram
	netMinHeight  = 140 // px, so that a 2-2 network still has room
	netEdgeX      = 7.0 // % of the width kept left of the inputs and right of the outputs
)

// NetLayout places the columns and nodes of a network diagram.
type NetLayout struct {
	Height float64 // px
	Cols   []NetColumn
}

// NetColumn is one layer of the diagram.
type NetColumn struct {
	X     float64   // centre, % of the width
	Size  int       // units in the layer
	Shown int       // units drawn (the first Shown)
	Node  float64   // side of each node, px
	Y     []float64 // top of each drawn node, px
}

// LayoutNetwork lays out a network of the given layer sizes (inputs first).
// pictured[l] says layer l's units are drawn as pictures; the others are
// dots, which may sit closer. Every pictured column has the same node size,
// set by the tallest pictured column, so that the pictures compare; the
// tallest column sets the height.
func LayoutNetwork(sizes []int, pictured []bool) NetLayout {
	pic := func(l int) bool { return l < len(pictured) && pictured[l] }
	mostPic := 1
	for l, n := range sizes {
		if pic(l) {
			mostPic = max(mostPic, min(n, MaxShownUnits))
		}
	}
	picPitch := math.Min(netMaxPitch, netMaxHeight/float64(mostPic))
	height := float64(netMinHeight)
	pitches := make([]float64, len(sizes))
	for l, n := range sizes {
		pitches[l] = math.Min(netMaxPitch, netMaxHeight/float64(max(1, min(n, MaxShownUnits))))
		if pic(l) {
			pitches[l] = picPitch
		}
		height = math.Max(height, pitches[l]*float64(min(n, MaxShownUnits)))
	}
	l := NetLayout{Height: height}
	for c, n := range sizes {
		shown := min(n, MaxShownUnits)
		pitch := pitches[c]
		node := nodeSize(pitch)
		if !pic(c) {
			node = math.Min(node, 14) // a dot
		}
		x := 50.0
		if len(sizes) > 1 {
			x = netEdgeX + (100-2*netEdgeX)*float64(c)/float64(len(sizes)-1)
		}
		col := NetColumn{X: x, Size: n, Shown: shown, Node: node, Y: make([]float64, shown)}
		top := (height - pitch*float64(shown)) / 2
		for j := range col.Y {
			col.Y[j] = math.Round(top + pitch*float64(j) + (pitch-node)/2)
		}
		l.Cols = append(l.Cols, col)
	}
	return l
}

// nodeSize returns the side of a node drawn at the given pitch: most of
// it, with a gap of at most 10 px.
func nodeSize(pitch float64) float64 {
	node := math.Round(pitch * 0.8)
	if pitch-node > 10 {
		node = pitch - 10
	}
	return node
}

// LinkGroup is a set of links drawn as one path: same sign, same width
// level.
type LinkGroup struct {
	Positive bool
	Level    int // 1 (thinnest) … LinkLevels
	D        string
}

// LinkLevels is the number of line widths links are drawn with.
const LinkLevels = 5

// LinkGroups returns the links between consecutive columns, grouped by sign
// and by width level, |w| relative to the largest |w| of the network.
// weights[l] holds the n_{l+1} × n_l weights from column l to column l+1,
// row-major. Links of zero weight, and links of layers whose weights do not
// match the layout, are left out. Groups come in a stable order: negative
// then positive, thin to thick.
func LinkGroups(l NetLayout, weights [][]float64) []LinkGroup {
	if len(weights) != len(l.Cols)-1 {
		return nil
	}
	big := 0.0
	for _, w := range weights {
		for _, v := range w {
			if finite(v) {
				big = math.Max(big, math.Abs(v))
			}
		}
	}
	if big == 0 {
		return nil
	}
	var paths [2][LinkLevels + 1]strings.Builder
	for k, w := range weights {
		a, b := l.Cols[k], l.Cols[k+1]
		if len(w) != a.Size*b.Size {
			continue
		}
		for j := 0; j < b.Shown; j++ {
			for i := 0; i < a.Shown; i++ {
				v := w[j*a.Size+i]
				if v == 0 || !finite(v) {
					continue
				}
				level := int(math.Ceil(LinkLevels * math.Abs(v) / big))
				level = max(1, min(LinkLevels, level))
				sign := 0
				if v > 0 {
					sign = 1
				}
				p := &paths[sign][level]
				p.WriteString("M" + coord(a.X) + " " + coord(a.Y[i]+a.Node/2) + "L" + coord(b.X) + " " + coord(b.Y[j]+b.Node/2))
			}
		}
	}
	var groups []LinkGroup
	for sign := range paths {
		for level := 1; level <= LinkLevels; level++ {
			if d := paths[sign][level].String(); d != "" {
				groups = append(groups, LinkGroup{Positive: sign == 1, Level: level, D: d})
			}
		}
	}
	return groups
}
