package qr

import (
	"errors"
	"fmt"
)

// Code is a QR code: a square of modules, dark or light.
type Code struct {
	Version int   // 1 … 40
	Level   Level // error correction level
	Mask    int   // data mask pattern, 0 … 7
	Size    int   // modules on a side: 17 + 4·Version

	dark []bool // row-major
}

// Dark reports whether the module in column x, row y (from the top left)
// is dark. Modules outside the code (the quiet zone) are light.
func (c *Code) Dark(x, y int) bool {
	if x < 0 || y < 0 || x >= c.Size || y >= c.Size {
		return false
	}
	return c.dark[y*c.Size+x]
}

// ErrTooLong is returned for data that no version holds at the level.
var ErrTooLong = errors.New("qr: data too long for a QR code")

// Encode returns the QR code of data in byte mode at level l, in the
// smallest version that holds it, with the mask of lowest penalty.
func Encode(data []byte, l Level) (*Code, error) {
	if l < L || l > H {
		return nil, fmt.Errorf("qr: no error correction level %d", l)
	}
	for v := MinVersion; v <= MaxVersion; v++ {
		if len(data) <= Capacity(v, l) {
			return encode(data, l, v, -1), nil
		}
	}
	return nil, fmt.Errorf("%w: %d bytes, at most %d at level %s", ErrTooLong, len(data), Capacity(MaxVersion, l), l)
}

// EncodeLink returns the QR code of a link: at level M, which survives a
// smudge or a glare on a projector, or at level L for a link too long for
// M (more than 2,331 bytes; at most 2,953).
func EncodeLink(link string) (*Code, error) {
	c, err := Encode([]byte(link), M)
	if errors.Is(err, ErrTooLong) {
		return Encode([]byte(link), L)
	}
	return c, err
}

// encode builds the code of data at level l and version v (which must
// hold it) with the given mask, or the mask of lowest penalty if mask < 0.
func encode(data []byte, l Level, v, mask int) *Code {
	c := &Code{Version: v, Level: l, Size: Size(v)}
	c.dark = make([]bool, c.Size*c.Size)
	function := make([]bool, c.Size*c.Size)
	c.drawFunctionPatterns(function)
	c.drawCodewords(interleave(dataCodewordsOf(data, v, l), v, l), function)
	if mask < 0 {
		best := -1
		for m := 0; m < 8; m++ {
			c.applyMask(m, function)
			c.drawFormat(m, nil)
			if p := penalty(c.dark, c.Size); best < 0 || p < best {
				best, mask = p, m
			}
			c.applyMask(m, function) // masking twice undoes it
		}
	}
	c.Mask = mask
	c.applyMask(mask, function)
	c.drawFormat(mask, nil)
	return c
}

// dataCodewordsOf returns the data codewords of data in byte mode for
// version v at level l: the mode indicator 0100, the byte count (8 or 16
// bits), the bytes, a terminator of up to four 0 bits, 0 bits to the next
// byte, and the pad bytes 11101100 and 00010001 in turn to fill the
// capacity.
func dataCodewordsOf(data []byte, v int, l Level) []byte {
	n := dataCodewords(v, l)
	var w bitWriter
	w.put(0b0100, 4)
	w.put(len(data), countBits(v))
	for _, b := range data {
		w.put(int(b), 8)
	}
	w.put(0, min(4, n*8-w.n))
	w.put(0, (8-w.n%8)%8)
	for pad := 0xEC; len(w.buf) < n; pad ^= 0xEC ^ 0x11 {
		w.put(pad, 8)
	}
	return w.buf
}

// bitWriter appends bits, most significant first.
type bitWriter struct {
	buf []byte
	n   int // bits written
}

func (w *bitWriter) put(v, bits int) {
	for i := bits - 1; i >= 0; i-- {
		if w.n%8 == 0 {
			w.buf = append(w.buf, 0)
		}
		w.buf[w.n/8] |= byte(v>>i&1) << (7 - w.n%8)
		w.n++
	}
}

// interleave splits the data codewords into the blocks of version v at
// level l, appends each block's error correction codewords, and
// interleaves them: the first codeword of every block, then the second, …,
// then the error correction codewords likewise. The first blocks are
// short, the last ones (if any) one data codeword longer.
func interleave(data []byte, v int, l Level) []byte {
	nb, ne := numBlocks[l][v], eccPerBlock[l][v]
	raw := rawCodewords(v)
	short := nb - raw%nb     // blocks of shortLen codewords, the rest one longer
	shortData := raw/nb - ne // data codewords in a short block
	gen := rsGenerator(ne)
	blocks := make([][]byte, nb)
	ecc := make([][]byte, nb)
	k := 0
	for i := range blocks {
		n := shortData
		if i >= short {
			n++
		}
		blocks[i] = data[k : k+n]
		k += n
		ecc[i] = rsRemainder(blocks[i], gen)
	}
	out := make([]byte, 0, raw)
	for j := 0; j <= shortData; j++ {
		for i, b := range blocks {
			if j < len(b) {
				out = append(out, blocks[i][j])
			}
		}
	}
	for j := 0; j < ne; j++ {
		for i := range ecc {
			out = append(out, ecc[i][j])
		}
	}
	return out
}

// set sets module (x, y) and marks it as part of a function pattern.
func (c *Code) set(x, y int, dark bool, function []bool) {
	c.dark[y*c.Size+x] = dark
	if function != nil {
		function[y*c.Size+x] = true
	}
}

// drawFunctionPatterns draws the finder patterns with their separators,
// the timing patterns, the alignment patterns, the version information and
// the dark module, and reserves the format areas, marking them all in
// function.
func (c *Code) drawFunctionPatterns(function []bool) {
	n := c.Size
	// Timing patterns: alternating modules along row 6 and column 6.
	for i := 0; i < n; i++ {
		c.set(6, i, i%2 == 0, function)
		c.set(i, 6, i%2 == 0, function)
	}
	// Finders (7×7 rings of 1:1:3:1:1) with their light separators.
	for _, p := range [][2]int{{3, 3}, {n - 4, 3}, {3, n - 4}} {
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				x, y := p[0]+dx, p[1]+dy
				if x < 0 || y < 0 || x >= n || y >= n {
					continue
				}
				d := max(abs(dx), abs(dy)) // the ring: 0–1 dark, 2 light, 3 dark, 4 separator
				c.set(x, y, d != 2 && d != 4, function)
			}
		}
	}
	// Alignment patterns (5×5 rings) wherever they do not meet a finder.
	pos := alignmentPositions(c.Version)
	for i, ay := range pos {
		for j, ax := range pos {
			if (i == 0 && j == 0) || (i == 0 && j == len(pos)-1) || (i == len(pos)-1 && j == 0) {
				continue
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					c.set(ax+dx, ay+dy, max(abs(dx), abs(dy)) != 1, function)
				}
			}
		}
	}
	c.drawFormat(0, function) // reserve the areas; drawn again after masking
	c.drawVersion(function)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// formatInfo returns the 15 format bits of level l and mask m: the five
// data bits, a BCH(15, 5) remainder by x¹⁰+x⁸+x⁵+x⁴+x²+x+1 (0x537), all
// XORed with 101010000010010 (0x5412) so that no format is all light.
func formatInfo(l Level, m int) int {
	d := l.formatBits()<<3 | m
	r := d
	for i := 0; i < 10; i++ {
		r = r<<1 ^ (r>>9)*0x537
	}
	return (d<<10 | r) ^ 0x5412
}

// drawFormat draws the format information of the code's level and mask m
// in its two copies, bit 0 being the least significant: around the top-left
// finder (bits 0–7 down column 8, skipping the timing row, then 8–14 leftward
// along row 8) and split between the other two finders (bits 0–7 leftward
// along row 8 at the top right, 8–14 down column 8 at the bottom left),
// with the dark module beside the bottom-left finder.
func (c *Code) drawFormat(m int, function []bool) {
	bits := formatInfo(c.Level, m)
	bit := func(i int) bool { return bits>>i&1 != 0 }
	n := c.Size
	for i := 0; i <= 5; i++ {
		c.set(8, i, bit(i), function)
	}
	c.set(8, 7, bit(6), function)
	c.set(8, 8, bit(7), function)
	c.set(7, 8, bit(8), function)
	for i := 9; i < 15; i++ {
		c.set(14-i, 8, bit(i), function)
	}
	for i := 0; i < 8; i++ {
		c.set(n-1-i, 8, bit(i), function)
	}
	for i := 8; i < 15; i++ {
		c.set(8, n-15+i, bit(i), function)
	}
	c.set(8, n-8, true, function)
}

// versionInfo returns the 18 version bits of version v ≥ 7: the six
// version bits and a BCH(18, 6) remainder by
// x¹²+x¹¹+x¹⁰+x⁹+x⁸+x⁵+x²+1 (0x1F25).
func versionInfo(v int) int {
	r := v
	for i := 0; i < 12; i++ {
		r = r<<1 ^ (r>>11)*0x1F25
	}
	return v<<12 | r
}

// drawVersion draws the version information of versions 7 and up in its
// two 6×3 copies, above the bottom-left finder and left of the top-right
// one (each the other's transpose).
func (c *Code) drawVersion(function []bool) {
	if c.Version < 7 {
		return
	}
	bits := versionInfo(c.Version)
	for i := 0; i < 18; i++ {
		dark := bits>>i&1 != 0
		a, b := c.Size-11+i%3, i/3
		c.set(a, b, dark, function)
		c.set(b, a, dark, function)
	}
}

// drawCodewords places the bits of the codewords, most significant first,
// in the modules that are not function patterns: in two-module columns
// from the right edge, alternately upward and downward, right module
// before left, skipping the vertical timing column. Remainder modules stay
// light.
func (c *Code) drawCodewords(words []byte, function []bool) {
	n := c.Size
	i := 0
	for right := n - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		upward := (right+1)&2 == 0
		for vert := 0; vert < n; vert++ {
			y := vert
			if upward {
				y = n - 1 - vert
			}
			for j := 0; j < 2; j++ {
				x := right - j
				if function[y*n+x] || i >= len(words)*8 {
					continue
				}
				c.dark[y*n+x] = words[i/8]>>(7-i%8)&1 != 0
				i++
			}
		}
	}
}
