package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Drawn points: a dataset whose examples are points the user puts on the
// plane, one click or tap each, and which a link carries whole (the link's
// key points=, core/run/owndata.go).
//
// # The points= format
//
// Each point is three characters of the base64url alphabet
// (A–Z a–z 0–9 - _, RFC 4648 §5), 18 bits read most significant first:
//
//	bits 17…11  x, a level 0 … 127 across [−1, 1] (x = −1 + 2·level/127)
//	bits 10…4   y, likewise, upwards
//	bits  3…0   the class, 0 … MaxDrawnClasses−1
//
// so a point costs three characters of a link, and MaxPoints points 1,500:
// with the rest of a link that stays under the 2,331 bytes a QR code holds
// at the error correction level the share dialog uses (core/qr.EncodeLink).
// 128 levels put the points on a grid of 1/63.5 of the plane's width,
// about 2 pixels of a 300-pixel map: finer than a finger.

// DrawnKey is the key of the drawn dataset, as links name it.
const DrawnKey = "drawn"

// Limits of a drawing.
const (
	MaxPoints       = 500 // points a link carries; see above
	PointLevels     = 128 // quantisation levels of each coordinate
	MaxDrawnClasses = 8   // classes a drawing may use (the class selector's colours)
)

// Point is a drawn point: its grid levels (0 … PointLevels−1) across and up
// the plane, and its class.
type Point struct {
	X, Y  uint8
	Class uint8
}

// NewPoint returns the point of class c nearest to (x, y) on the grid,
// clamped to [−1, 1]². It panics if c is not a drawable class.
func NewPoint(x, y float64, c int) Point {
	if c < 0 || c >= MaxDrawnClasses {
		panic(fmt.Sprintf("data: NewPoint with class %d", c))
	}
	return Point{X: level(x), Y: level(y), Class: uint8(c)}
}

func level(v float64) uint8 {
	if v != v { // NaN
		v = 0
	}
	l := math.Floor((math.Max(-1, math.Min(1, v))+1)/2*(PointLevels-1) + 0.5)
	return uint8(l)
}

// Coords returns p's position in [−1, 1]².
func (p Point) Coords() (x, y float64) {
	return -1 + 2*float64(p.X)/(PointLevels-1), -1 + 2*float64(p.Y)/(PointLevels-1)
}

const base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// EncodePoints writes ps in the points= format.
func EncodePoints(ps []Point) string {
	var b strings.Builder
	b.Grow(3 * len(ps))
	for _, p := range ps {
		v := int(p.X&0x7f)<<11 | int(p.Y&0x7f)<<4 | int(p.Class&0xf)
		b.WriteByte(base64url[v>>12&63])
		b.WriteByte(base64url[v>>6&63])
		b.WriteByte(base64url[v&63])
	}
	return b.String()
}

// ParsePoints reads the points= format. It refuses a length that is not a
// multiple of three, a character outside base64url, a class of
// MaxDrawnClasses or more, and more than MaxPoints points, saying which
// point is wrong (counting from 1).
func ParsePoints(s string) ([]Point, error) {
	if len(s)%3 != 0 {
		return nil, fmt.Errorf("%d characters; each point takes 3", len(s))
	}
	if n := len(s) / 3; n > MaxPoints {
		return nil, fmt.Errorf("%d points; at most %d fit a link", n, MaxPoints)
	}
	ps := make([]Point, 0, len(s)/3)
	for i := 0; i < len(s); i += 3 {
		v := 0
		for _, ch := range []byte(s[i : i+3]) {
			d := strings.IndexByte(base64url, ch)
			if d < 0 {
				return nil, fmt.Errorf("point %d: %q is not a base64url character", i/3+1, ch)
			}
			v = v<<6 | d
		}
		p := Point{X: uint8(v >> 11 & 0x7f), Y: uint8(v >> 4 & 0x7f), Class: uint8(v & 0xf)}
		if p.Class >= MaxDrawnClasses {
			return nil, fmt.Errorf("point %d: class %d; at most %d classes", i/3+1, p.Class+1, MaxDrawnClasses)
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// ExampleDrawing is what the drawn dataset starts from before the user
// draws: two classes in the four corners, XOR's pattern, five points each,
// so that there is something to train on and erase.
func ExampleDrawing() []Point {
	corners := [4][2]float64{{-0.6, 0.6}, {0.6, -0.6}, {0.6, 0.6}, {-0.6, -0.6}}
	offsets := [5][2]float64{{0, 0}, {0.15, 0.1}, {-0.12, 0.14}, {0.1, -0.15}, {-0.14, -0.08}}
	ps := make([]Point, 0, 20)
	for k, c := range corners {
		for _, o := range offsets {
			ps = append(ps, NewPoint(c[0]+o[0], c[1]+o[1], k/2))
		}
	}
	return ps
}

// ErasePoints returns the points of ps farther than r from (x, y), in
// their order (a new slice; ps is unchanged).
func ErasePoints(ps []Point, x, y, r float64) []Point {
	out := make([]Point, 0, len(ps))
	for _, p := range ps {
		px, py := p.Coords()
		if (px-x)*(px-x)+(py-y)*(py-y) > r*r {
			out = append(out, p)
		}
	}
	return out
}

// DrawnClasses returns the classes a drawing has: one more than its
// highest class, and at least 2.
func DrawnClasses(ps []Point) int {
	k := 2
	for _, p := range ps {
		k = max(k, int(p.Class)+1)
	}
	return k
}

// DrawnExamples returns the drawing ps as examples in the plane.
func DrawnExamples(ps []Point) *Examples {
	ex := &Examples{
		X: make([]float64, 2*len(ps)), Labels: make([]int, len(ps)),
		N: len(ps), Dim: 2, Classes: DrawnClasses(ps),
	}
	for i, p := range ps {
		ex.X[2*i], ex.X[2*i+1] = p.Coords()
		ex.Labels[i] = int(p.Class)
	}
	return ex
}

func init() {
	Register(Info{
		Key: DrawnKey, Title: "Your points", Kind: Classification, Classes: 2, Plane: true,
		Summary: "Points you put on the map yourself: pick a class and click or tap to add a point, drag or pick the eraser to remove. " +
			"They live in the link, so a drawing can be shared. Noise does not apply; a share of the points set by the training and test sizes is held out for testing.",
		Generate: drawnGenerate,
	})
}

// drawnGenerate returns n points drawn at random (with replacement) from
// the example drawing, each moved by a normal jitter of standard deviation
// 0.2·noise: a picture of the dataset for its thumbnail. A run does not
// call it: it trains on the experiment's own points (core/run/owndata.go).
func drawnGenerate(n int, p Params, rnd *rand.Rand) *Set {
	ex := ExampleDrawing()
	s := newPlaneSet(n, 2)
	for i := 0; i < n; i++ {
		q := ex[rnd.IntN(len(ex))]
		x, y := q.Coords()
		s.set(i, x+0.2*p.Noise*rnd.NormFloat64(), y+0.2*p.Noise*rnd.NormFloat64(), int(q.Class))
	}
	return s
}
