package components

import "strings"

// Class markers: every class has a shape as well as a colour, so that the
// colour is never the only thing that tells classes apart.
var shapeNames = []string{"circle", "square", "triangle", "diamond", "inverted triangle", "hexagon", "right triangle", "left triangle"}

// ShapeName returns the name of marker shape s (for labels).
func ShapeName(s int) string { return shapeNames[s%len(shapeNames)] }

// ShapePath returns the SVG path data of marker shape s centred on (x, y)
// with radius about r. Shapes of equal r have about the same area.
func ShapePath(s int, x, y, r float64) string {
	var b strings.Builder
	writeShape(&b, s, x, y, r)
	return b.String()
}

// PointsPath returns one SVG path with a marker of shape s for each point
// (xs[i], ys[i]) of the plane [−1, 1]², in a 100×100 view box (y up).
func PointsPath(s int, xs, ys []float64, r float64) string {
	var b strings.Builder
	for i := range min(len(xs), len(ys)) {
		writeShape(&b, s, (xs[i]+1)*50, (1-ys[i])*50, r)
	}
	return b.String()
}

func writeShape(b *strings.Builder, s int, x, y, r float64) {
	c := func(v float64) string { return coord2(v) }
	w := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	switch s % len(shapeNames) {
	case 0: // circle: two half arcs
		w("M", c(x-r), " ", c(y), "a", c(r), " ", c(r), " 0 1 0 ", c(2*r), " 0a", c(r), " ", c(r), " 0 1 0 ", c(-2*r), " 0z")
	case 1: // square
		h := 0.89 * r
		w("M", c(x-h), " ", c(y-h), "h", c(2*h), "v", c(2*h), "h", c(-2*h), "z")
	case 2: // triangle, point up
		h := 1.35 * r
		w("M", c(x), " ", c(y-h), "L", c(x+0.866*h), " ", c(y+h/2), "H", c(x-0.866*h), "z")
	case 3: // diamond
		h := 1.25 * r
		w("M", c(x), " ", c(y-h), "L", c(x+h), " ", c(y), "L", c(x), " ", c(y+h), "L", c(x-h), " ", c(y), "z")
	case 4: // triangle, point down
		h := 1.35 * r
		w("M", c(x), " ", c(y+h), "L", c(x+0.866*h), " ", c(y-h/2), "H", c(x-0.866*h), "z")
	case 5: // hexagon
		h := 1.1 * r
		w("M", c(x-h), " ", c(y), "L", c(x-h/2), " ", c(y-0.866*h), "H", c(x+h/2), "L", c(x+h), " ", c(y),
			"L", c(x+h/2), " ", c(y+0.866*h), "H", c(x-h/2), "z")
	case 6: // triangle, point right
		h := 1.35 * r
		w("M", c(x+h), " ", c(y), "L", c(x-h/2), " ", c(y+0.866*h), "V", c(y-0.866*h), "z")
	case 7: // triangle, point left
		h := 1.35 * r
		w("M", c(x-h), " ", c(y), "L", c(x+h/2), " ", c(y+0.866*h), "V", c(y-0.866*h), "z")
	}
}

// coord2 writes a coordinate with two decimals and no trailing zeros.
func coord2(v float64) string {
	s := FormatFixed(v, 2)
	return s
}
