package app

import (
	"math"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/run"
)

// What each hidden unit looks for, for data that are k×k images
// (components.FieldsView): one mosaic per hidden layer, painted in one
// putImageData each.
//
//   - A unit of the first hidden layer is drawn as its receptive field: its
//     weights from the k² pixels, scaled by their largest |w|.
//   - A deeper unit is drawn as its strongest inputs: the sum of the
//     pictures of the fieldTop units of the layer below with the largest
//     |w| into it, each weighted by that w, scaled again. It ignores the
//     nonlinearity and the weaker inputs: a sketch of what excites the unit,
//     not its exact preferred image.
//
// A layer shows its first maxFieldUnits units (all 256 of a wide MNIST
// layer), fieldCols to a row, in a view that scrolls when it is taller than
// the panel. Painting costs about n₁·k² + Σ n_l·fieldTop·k² operations
// (784 inputs × 256 units: 2·10⁵, plus 1.2·10⁶ per deeper layer of 256):
// measured natively about 1 ms for 784-256-10, several times that in
// WebAssembly. So while training the mosaics are painted at most every
// fieldsEvery (a live picture: weights change little in a quarter of a
// second), on the loop's painting frames; paused, at every paint.

const (
	maxFieldUnits = 256
	fieldCols     = 16
	fieldTop      = 6
	// fieldLevels is the number of colours of the lookup table a tile's
	// values in [−1, 1] are quantised to: 2·255+1, finer than a screen
	// shows a colour ramp.
	fieldLevels = 511
	fieldsEvery = 250 * time.Millisecond
)

// fieldsState holds the mosaics' buffers between paints.
type fieldsState struct {
	tiles [][]float64 // per hidden layer, n_l × k², every unit's picture in [−1, 1]
	pix   [][]byte
	lut   [fieldLevels]run.RGB
	// paintedAt is when the mosaics were last painted, for fieldsEvery.
	paintedAt time.Time
	// examplesOf is the run whose example mosaics (images.go) the page's
	// canvases hold; they are painted again only on new canvases.
	examplesOf *run.Run
}

// painted reports whether the canvas id was painted by put and is still
// the page's element of that id (go-app has not made a new one).
func (p *painter) painted(id string) bool {
	c := p.canvases[id]
	if c == nil {
		return false
	}
	el := goapp.Window().GetElementByID(id)
	return !el.IsNull() && !el.IsUndefined() && c.el.Equal(el)
}

// fieldsLayout returns the FieldsView's layers for r, or nil when its data
// are not k×k images fed straight to the first layer.
func fieldsLayout(r *run.Run) []components.FieldLayer {
	if r == nil {
		return nil
	}
	k := imageSide(r.Train)
	sizes := r.Net.Sizes
	if k == 0 || len(sizes) < 3 || sizes[0] < k*k {
		return nil
	}
	var out []components.FieldLayer
	for l := 1; l < len(sizes)-1; l++ {
		shown := min(sizes[l], maxFieldUnits)
		cols := min(fieldCols, shown)
		rows := (shown + cols - 1) / cols
		note := "Each tile is a neuron's receptive field: its weights from each pixel, orange negative, blue positive, scaled by its largest weight."
		if l > 1 {
			note = "Each tile sums the tiles of the neuron's " + strconv.Itoa(fieldTop) + " strongest inputs in hidden layer " + strconv.Itoa(l-1) + ", weighted by their weights: a sketch of what excites it."
		}
		out = append(out, components.FieldLayer{
			ID: components.FieldsID(l), Title: "Hidden " + strconv.Itoa(l), Note: note,
			Shown: shown, Units: sizes[l], Cols: cols, Tile: k,
			Width: cols*(k+1) - 1, Height: rows*(k+1) - 1,
		})
	}
	return out
}

// fieldScale is the screen pixels per image pixel of the mosaics: tiles
// about 40 px wide (28 for MNIST, 42 for 14×14 digits, 40 for Bars 8×8).
func fieldScale(k int) int { return max(1, int(math.Round(40/float64(k)))) }

// paintFields paints the mosaics of r's hidden layers.
func (p *Playground) paintFields(r *run.Run) {
	layers := fieldsLayout(r)
	if len(layers) == 0 {
		return
	}
	f := &p.fields
	if p.m.playing && time.Since(f.paintedAt) < fieldsEvery && p.paint.painted(layers[len(layers)-1].ID) {
		return
	}
	f.paintedAt = time.Now()
	k := layers[0].Tile
	computeFields(f, r, k)
	for i := range f.lut {
		f.lut[i] = run.Diverging(2*float64(i)/(fieldLevels-1) - 1)
	}
	for i, ly := range layers {
		l := i + 1
		if len(f.pix) <= i {
			f.pix = append(f.pix, nil)
		}
		if len(f.pix[i]) != 4*ly.Width*ly.Height {
			f.pix[i] = make([]byte, 4*ly.Width*ly.Height)
		}
		drawMosaic(f.pix[i], ly, f.tiles[l-1], &f.lut)
		p.paint.putRect(ly.ID, ly.Width, ly.Height, f.pix[i])
	}
}

// computeFields fills f.tiles with every hidden unit's picture (see the
// file's comment), each scaled to a largest |value| of 1.
func computeFields(f *fieldsState, r *run.Run, k int) {
	net := r.Net
	d := k * k
	hidden := len(net.Sizes) - 2
	if len(f.tiles) != hidden {
		f.tiles = make([][]float64, hidden)
	}
	for l := 1; l <= hidden; l++ {
		n := net.Sizes[l]
		if len(f.tiles[l-1]) != n*d {
			f.tiles[l-1] = make([]float64, n*d)
		}
		t := f.tiles[l-1]
		w := net.Layers[l-1].W.Value
		in := net.Sizes[l-1]
		if l == 1 {
			for j := 0; j < n; j++ {
				normaliseInto(t[j*d:(j+1)*d], w[j*in:j*in+d])
			}
			continue
		}
		below := f.tiles[l-2]
		var top [fieldTop]int
		for j := 0; j < n; j++ {
			row := w[j*in : (j+1)*in]
			m := strongest(row, top[:])
			tile := t[j*d : (j+1)*d]
			clear(tile)
			for _, i := range top[:m] {
				wi := row[i]
				for q, v := range below[i*d : (i+1)*d] {
					tile[q] += wi * v
				}
			}
			normaliseInto(tile, tile)
		}
	}
}

// strongest writes into top the indices of the largest |row[i]|, largest
// first (the lower index on ties), and returns how many it wrote:
// min(len(top), len(row)).
func strongest(row []float64, top []int) int {
	m := 0
	for i, v := range row {
		a := math.Abs(v)
		if math.IsNaN(a) {
			continue
		}
		// Insert i into the sorted top[:m] if it is among the largest.
		pos := m
		for pos > 0 && a > math.Abs(row[top[pos-1]]) {
			pos--
		}
		if pos >= len(top) {
			continue
		}
		if m < len(top) {
			m++
		}
		copy(top[pos+1:m], top[pos:m-1])
		top[pos] = i
	}
	return m
}

// normaliseInto writes src scaled to a largest |value| of 1 into dst
// (which may be src); values that are not finite, and all of an all-zero
// src, become 0.
func normaliseInto(dst, src []float64) {
	big := 0.0
	for _, v := range src {
		if a := math.Abs(v); a > big && a <= math.MaxFloat64 {
			big = a
		}
	}
	inv := 0.0
	if big > 0 {
		inv = 1 / big
	}
	for i, v := range src {
		x := v * inv
		if !(x >= -1 && x <= 1) { // NaN, ±Inf
			x = 0
		}
		dst[i] = x
	}
}

// drawMosaic draws the first ly.Shown tiles of tiles (k² values in [−1, 1]
// each) into pix, ly.Cols a row, with the background between them.
func drawMosaic(pix []byte, ly components.FieldLayer, tiles []float64, lut *[fieldLevels]run.RGB) {
	k, w := ly.Tile, ly.Width
	bg := run.Mix(run.Background, run.RGB{R: 0xff, G: 0xff, B: 0xff}, 0.6)
	for p := 0; p < ly.Width*ly.Height; p++ {
		setPixel(pix, p, bg)
	}
	d := k * k
	for j := 0; j < ly.Shown && (j+1)*d <= len(tiles); j++ {
		ox, oy := (j%ly.Cols)*(k+1), (j/ly.Cols)*(k+1)
		tile := tiles[j*d : (j+1)*d]
		for r := 0; r < k; r++ {
			o := 4 * ((oy+r)*w + ox)
			for q, v := range tile[r*k : (r+1)*k] {
				c := lut[int((v+1)*(fieldLevels-1)/2+0.5)]
				pix[o+4*q], pix[o+4*q+1], pix[o+4*q+2], pix[o+4*q+3] = c.R, c.G, c.B, 255
			}
		}
	}
}
