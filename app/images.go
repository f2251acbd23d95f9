package app

import (
	"math"

	"plasticity/core/data"
	"plasticity/core/run"
)

// Pictures of datasets whose examples are square images (Bars 8×8, digits):
// examples as tiles, and the receptive fields of the first hidden layer.

// imageSide returns k when the examples of s are k×k images, else 0: the
// dataset says so (data.Set.Side); a Dim that merely is a square (a CSV of
// 4 columns, the two 8-input views of eyes) is not a picture.
func imageSide(s *data.Set) int {
	if s == nil {
		return 0
	}
	return s.Side
}

// ink is the colour of a lit pixel of an example.
var ink = run.RGB{R: 0x1d, G: 0x35, B: 0x57}

// examplesPerSide is the side, in examples, of a class's mosaic.
const examplesPerSide = 4

// mosaicGrid returns the side in pixels of a mosaic of k×k examples: tiles
// with one pixel between them.
func mosaicGrid(k int) int { return examplesPerSide*(k+1) - 1 }

// exampleMosaic returns the pixels (mosaicGrid(k)² × 4) of the first
// examplesPerSide² examples of class c in s, k×k images with values in
// [0, 1] drawn as ink on the background.
func exampleMosaic(s *data.Set, c, k int) []byte {
	g := mosaicGrid(k)
	pix := make([]byte, 4*g*g)
	for p := 0; p < g*g; p++ {
		setPixel(pix, p, run.Mix(run.Background, run.RGB{R: 0xff, G: 0xff, B: 0xff}, 0.6))
	}
	n := 0
	for i := 0; i < s.N && n < examplesPerSide*examplesPerSide; i++ {
		if s.Labels == nil || s.Labels[i] != c {
			continue
		}
		ox, oy := (n%examplesPerSide)*(k+1), (n/examplesPerSide)*(k+1)
		drawTile(pix, g, ox, oy, 1, k, s.Row(i))
		n++
	}
	return pix
}

// drawTile draws the k×k image x at (ox, oy) of a g-wide picture, each
// image pixel as a scale×scale square.
func drawTile(pix []byte, g, ox, oy, scale, k int, x []float64) {
	for r := 0; r < k; r++ {
		for q := 0; q < k; q++ {
			c := run.Mix(run.Background, ink, math.Max(0, math.Min(1, x[r*k+q])))
			for dy := 0; dy < scale; dy++ {
				for dx := 0; dx < scale; dx++ {
					px, py := ox+q*scale+dx, oy+r*scale+dy
					if px < g && py < g {
						setPixel(pix, py*g+px, c)
					}
				}
			}
		}
	}
}

// imageThumbnail returns a thumbGrid² picture of four examples of an image
// dataset (two of each of its first classes), or nil.
func imageThumbnail(info data.Info) []byte {
	s := info.Generate(4, data.Params{}, run.Stream(thumbSeed, "thumbnail/"+info.Key))
	k := imageSide(s)
	if k == 0 {
		return nil
	}
	const g = thumbGrid
	pix := make([]byte, 4*g*g)
	for p := 0; p < g*g; p++ {
		setPixel(pix, p, run.Background)
	}
	cell := (g - 6) / 2 // two tiles a side, 2 px margins and gap
	scale := max(1, cell/k)
	off := (cell - scale*k) / 2
	for i := 0; i < min(4, s.N); i++ {
		ox := 2 + (i%2)*(cell+2) + off
		oy := 2 + (i/2)*(cell+2) + off
		drawTile(pix, g, ox, oy, scale, k, s.Row(i))
	}
	return pix
}

// receptiveField writes into pix (k×k × 4) the first k² incoming weights of
// unit j of weight layer w (n_out × in, row-major), on the diverging
// palette scaled by their largest |w|.
func receptiveField(pix []byte, w []float64, in, j, k int) {
	row := w[j*in : j*in+k*k]
	m := 0.0
	for _, v := range row {
		m = math.Max(m, math.Abs(v))
	}
	if m == 0 {
		m = 1
	}
	for p, v := range row {
		setPixel(pix, p, run.Diverging(v/m))
	}
}
