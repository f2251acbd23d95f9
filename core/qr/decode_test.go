package qr

// A QR decoder for our own codes, written apart from the encoder so that
// the two check each other: it reads a module matrix (no image processing:
// the symbol is already located and sampled), decodes the format and
// version information against the standard's tables of valid words,
// rebuilds the function patterns from the standard's table of alignment
// positions, unmasks, reads the codewords in the placement order,
// de-interleaves the blocks, corrects errors with Reed–Solomon decoding
// (Berlekamp–Massey, Chien search, Forney) over its own GF(2⁸) log tables,
// and parses byte mode, checking the terminator and the pad codewords. It
// shares with the encoder only the table of blocks per version and level,
// which TestCapacity checks against the standard's capacities.

import (
	"fmt"
	"math/bits"
)

// alignmentTable is the table of alignment pattern centres by version
// (ISO/IEC 18004, annex E).
var alignmentTable = [41][]int{
	2: {6, 18}, 3: {6, 22}, 4: {6, 26}, 5: {6, 30}, 6: {6, 34},
	7: {6, 22, 38}, 8: {6, 24, 42}, 9: {6, 26, 46}, 10: {6, 28, 50}, 11: {6, 30, 54}, 12: {6, 32, 58}, 13: {6, 34, 62},
	14: {6, 26, 46, 66}, 15: {6, 26, 48, 70}, 16: {6, 26, 50, 74}, 17: {6, 30, 54, 78}, 18: {6, 30, 56, 82}, 19: {6, 30, 58, 86}, 20: {6, 34, 62, 90},
	21: {6, 28, 50, 72, 94}, 22: {6, 26, 50, 74, 98}, 23: {6, 30, 54, 78, 102}, 24: {6, 28, 54, 80, 106}, 25: {6, 32, 58, 84, 110}, 26: {6, 30, 58, 86, 114}, 27: {6, 34, 62, 90, 118},
	28: {6, 26, 50, 74, 98, 122}, 29: {6, 30, 54, 78, 102, 126}, 30: {6, 26, 52, 78, 104, 130}, 31: {6, 30, 56, 82, 108, 134}, 32: {6, 34, 60, 86, 112, 138}, 33: {6, 30, 58, 86, 114, 142}, 34: {6, 34, 62, 90, 118, 146},
	35: {6, 30, 54, 78, 102, 126, 150}, 36: {6, 24, 50, 76, 102, 128, 154}, 37: {6, 28, 54, 80, 106, 132, 158}, 38: {6, 32, 58, 84, 110, 136, 162}, 39: {6, 26, 54, 82, 110, 138, 166}, 40: {6, 30, 58, 86, 114, 142, 170},
}

// formatTable lists the 32 valid format words (after the XOR mask) by
// level and mask, as the standard's annex C lists them, most significant
// bit first.
var formatTable = map[string][8]string{
	"L": {"111011111000100", "111001011110011", "111110110101010", "111100010011101", "110011000101111", "110001100011000", "110110001000001", "110100101110110"},
	"M": {"101010000010010", "101000100100101", "101111001111100", "101101101001011", "100010111111001", "100000011001110", "100111110010111", "100101010100000"},
	"Q": {"011010101011111", "011000001101000", "011111100110001", "011101000000110", "010010010110100", "010000110000011", "010111011011010", "010101111101101"},
	"H": {"001011010001001", "001001110111110", "001110011100111", "001100111010000", "000011101100010", "000001001010101", "000110100001100", "000100000111011"},
}

// versionTable lists the valid version words of versions 7 to 40 (the
// standard's annex D).
var versionTable = [41]int{
	7: 0x07C94, 8: 0x085BC, 9: 0x09A99, 10: 0x0A4D3, 11: 0x0BBF6, 12: 0x0C762, 13: 0x0D847, 14: 0x0E60D,
	15: 0x0F928, 16: 0x10B78, 17: 0x1145D, 18: 0x12A17, 19: 0x13532, 20: 0x149A6, 21: 0x15683, 22: 0x168C9,
	23: 0x177EC, 24: 0x18EC4, 25: 0x191E1, 26: 0x1AFAB, 27: 0x1B08E, 28: 0x1CC1A, 29: 0x1D33F, 30: 0x1ED75,
	31: 0x1F250, 32: 0x209D5, 33: 0x216F0, 34: 0x228BA, 35: 0x2379F, 36: 0x24B0B, 37: 0x2542E, 38: 0x26A64,
	39: 0x27541, 40: 0x28C69,
}

// decoded is what the decoder read besides the data.
type decoded struct {
	version   int
	level     string
	mask      int
	corrected int // codewords corrected, in all blocks
}

// Field arithmetic of GF(2⁸) by logarithms (0x11D, α = 2), apart from the
// encoder's gfMul.
var gfExp, gfLog = func() (exp [512]byte, log [256]int) {
	x := 1
	for i := 0; i < 255; i++ {
		exp[i] = byte(x)
		log[x] = i
		x <<= 1
		if x&0x100 != 0 {
			x ^= 0x11D
		}
	}
	for i := 255; i < 512; i++ {
		exp[i] = exp[i-255]
	}
	return exp, log
}()

func mul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	return gfExp[gfLog[a]+gfLog[b]]
}

func div(a, b byte) byte {
	if b == 0 {
		panic("division by zero")
	}
	if a == 0 {
		return 0
	}
	return gfExp[(gfLog[a]+255-gfLog[b])%255]
}

// polyEval evaluates p (lowest degree first) at x.
func polyEval(p []byte, x byte) byte {
	var y byte
	for i := len(p) - 1; i >= 0; i-- {
		y = mul(y, x) ^ p[i]
	}
	return y
}

// rsCorrect corrects block (data then ne error correction codewords, the
// first codeword the highest power of x) in place and returns the number
// of codewords corrected, or an error if there are more errors than it can
// correct.
func rsCorrect(block []byte, ne int) (int, error) {
	n := len(block)
	// Syndromes S_j = r(αʲ), j = 0 … ne−1 (the generator's roots).
	S := make([]byte, ne)
	clean := true
	for j := range S {
		var s byte
		for k, r := range block {
			s ^= mul(r, gfExp[(j*(n-1-k))%255])
		}
		S[j] = s
		clean = clean && s == 0
	}
	if clean {
		return 0, nil
	}
	// Berlekamp–Massey: the shortest LFSR Λ(x) generating the syndromes.
	C, B := []byte{1}, []byte{1}
	L, m, b := 0, 1, byte(1)
	for i := 0; i < ne; i++ {
		d := S[i]
		for k := 1; k <= L && k < len(C); k++ {
			d ^= mul(C[k], S[i-k])
		}
		if d == 0 {
			m++
			continue
		}
		T := append([]byte(nil), C...)
		coef := div(d, b)
		for len(C) < len(B)+m {
			C = append(C, 0)
		}
		for k, bk := range B {
			C[k+m] ^= mul(coef, bk)
		}
		if 2*L <= i {
			L, B, b, m = i+1-L, T, d, 1
		} else {
			m++
		}
	}
	if 2*L > ne {
		return 0, fmt.Errorf("%d errors, more than %d correctable", L, ne/2)
	}
	// Ω(x) = S(x)·Λ(x) mod x^ne; Λ′(x) keeps Λ's odd terms.
	omega := make([]byte, ne)
	for i := range omega {
		for k := 0; k <= i && k < len(C); k++ {
			omega[i] ^= mul(C[k], S[i-k])
		}
	}
	deriv := make([]byte, len(C))
	for k := 1; k < len(C); k += 2 {
		deriv[k-1] = C[k]
	}
	// Chien search and Forney: an error at codeword k (power p = n−1−k)
	// where Λ(α⁻ᵖ) = 0, of magnitude αᵖ·Ω(α⁻ᵖ)/Λ′(α⁻ᵖ).
	found := 0
	for k := 0; k < n; k++ {
		p := n - 1 - k
		xinv := gfExp[(255-p%255)%255]
		if polyEval(C, xinv) != 0 {
			continue
		}
		e := mul(gfExp[p%255], div(polyEval(omega, xinv), polyEval(deriv, xinv)))
		block[k] ^= e
		found++
	}
	if found != L {
		return 0, fmt.Errorf("found %d error positions for a locator of degree %d", found, L)
	}
	return found, nil
}

// decode reads the QR code whose module in column x, row y is dark(x, y).
func decode(size int, dark func(x, y int) bool) ([]byte, decoded, error) {
	var info decoded
	v := (size - 17) / 4
	if (size-17)%4 != 0 || v < 1 || v > 40 {
		return nil, info, fmt.Errorf("size %d is no QR size", size)
	}
	info.version = v
	// Version information: both copies must decode to the size's version.
	if v >= 7 {
		for copy := 0; copy < 2; copy++ {
			word := 0
			for i := 0; i < 18; i++ {
				a, b := size-11+i%3, i/3
				x, y := a, b
				if copy == 1 {
					x, y = b, a
				}
				if dark(x, y) {
					word |= 1 << i
				}
			}
			best, dist := 0, 99
			for ver := 7; ver <= 40; ver++ {
				if d := bits.OnesCount(uint(word ^ versionTable[ver])); d < dist {
					best, dist = ver, d
				}
			}
			if dist > 3 || best != v {
				return nil, info, fmt.Errorf("version information copy %d reads %d (distance %d), size says %d", copy+1, best, dist, v)
			}
		}
	}
	// Format information: the nearest valid word over both copies.
	read := func(pos [15][2]int) int {
		w := 0
		for i, p := range pos {
			if dark(p[0], p[1]) {
				w |= 1 << i
			}
		}
		return w
	}
	var pos1, pos2 [15][2]int
	for i := 0; i < 15; i++ {
		switch {
		case i <= 5:
			pos1[i] = [2]int{8, i}
		case i == 6:
			pos1[i] = [2]int{8, 7}
		case i == 7:
			pos1[i] = [2]int{8, 8}
		case i == 8:
			pos1[i] = [2]int{7, 8}
		default:
			pos1[i] = [2]int{14 - i, 8}
		}
		if i < 8 {
			pos2[i] = [2]int{size - 1 - i, 8}
		} else {
			pos2[i] = [2]int{8, size - 15 + i}
		}
	}
	w1, w2 := read(pos1), read(pos2)
	dist := 99
	for lvl, words := range formatTable {
		for m, s := range words {
			var w int
			fmt.Sscanf(s, "%b", &w)
			for _, got := range []int{w1, w2} {
				if d := bits.OnesCount(uint(got ^ w)); d < dist {
					dist, info.level, info.mask = d, lvl, m
				}
			}
		}
	}
	if dist > 3 {
		return nil, info, fmt.Errorf("format information unreadable (distance %d)", dist)
	}
	if !dark(8, size-8) {
		return nil, info, fmt.Errorf("no dark module")
	}
	// The function patterns, from the standard's description.
	function := make([]bool, size*size)
	fill := func(x0, y0, w, h int) {
		for y := y0; y < y0+h; y++ {
			for x := x0; x < x0+w; x++ {
				function[y*size+x] = true
			}
		}
	}
	fill(0, 0, 9, 9)      // top-left finder, separator, format
	fill(size-8, 0, 8, 9) // top-right finder, separator, format
	fill(0, size-8, 9, 8) // bottom-left finder, separator, format, dark module
	fill(6, 0, 1, size)   // timing
	fill(0, 6, size, 1)
	al := alignmentTable[v]
	for _, ay := range al {
		for _, ax := range al {
			if (ax < 9 && ay < 9) || (ax > size-9 && ay < 9) || (ax < 9 && ay > size-9) {
				continue // would overlap a finder
			}
			fill(ax-2, ay-2, 5, 5)
		}
	}
	if v >= 7 {
		fill(size-11, 0, 3, 6)
		fill(0, size-11, 6, 3)
	}
	// Read the data modules in placement order, unmasking them.
	unmask := func(x, y int) bool { // row i = y, column j = x
		i, j := y, x
		switch info.mask {
		case 0:
			return (i+j)%2 == 0
		case 1:
			return i%2 == 0
		case 2:
			return j%3 == 0
		case 3:
			return (i+j)%3 == 0
		case 4:
			return (i/2+j/3)%2 == 0
		case 5:
			return (i*j)%2+(i*j)%3 == 0
		case 6:
			return ((i*j)%2+(i*j)%3)%2 == 0
		default:
			return ((i+j)%2+(i*j)%3)%2 == 0
		}
	}
	var stream []bool
	upward := true
	for x := size - 1; x > 0; x -= 2 {
		if x == 6 {
			x-- // the column pair left of the timing column starts one further left
		}
		for k := 0; k < size; k++ {
			y := k
			if upward {
				y = size - 1 - k
			}
			for dx := 0; dx < 2; dx++ {
				if !function[y*size+x-dx] {
					stream = append(stream, dark(x-dx, y) != unmask(x-dx, y))
				}
			}
		}
		upward = !upward
	}
	raw := len(stream) / 8
	words := make([]byte, raw)
	for i := range words {
		for k := 0; k < 8; k++ {
			if stream[8*i+k] {
				words[i] |= 0x80 >> k
			}
		}
	}
	for _, b := range stream[8*raw:] {
		if b {
			return nil, info, fmt.Errorf("a remainder bit is dark")
		}
	}
	// De-interleave: short blocks first, the long ones one data codeword longer.
	lvl := map[string]Level{"L": L, "M": M, "Q": Q, "H": H}[info.level]
	nb, ne := numBlocks[lvl][v], eccPerBlock[lvl][v]
	long := raw % nb
	shortData := raw/nb - ne
	blocks := make([][]byte, nb)
	k := 0
	for j := 0; j <= shortData; j++ {
		for b := range blocks {
			if j < shortData || b >= nb-long {
				blocks[b] = append(blocks[b], words[k])
				k++
			}
		}
	}
	for j := 0; j < ne; j++ {
		for b := range blocks {
			blocks[b] = append(blocks[b], words[k])
			k++
		}
	}
	var data []byte
	for b, blk := range blocks {
		n, err := rsCorrect(blk, ne)
		if err != nil {
			return nil, info, fmt.Errorf("block %d: %v", b, err)
		}
		info.corrected += n
		data = append(data, blk[:len(blk)-ne]...)
	}
	// Byte mode: 0100, the count, the bytes, then terminator and padding.
	pos := 0
	get := func(n int) int {
		x := 0
		for i := 0; i < n; i++ {
			x = x<<1 | int(data[pos/8]>>(7-pos%8)&1)
			pos++
		}
		return x
	}
	if mode := get(4); mode != 0b0100 {
		return nil, info, fmt.Errorf("mode %04b, want byte mode 0100", mode)
	}
	cb := 8
	if v >= 10 {
		cb = 16
	}
	count := get(cb)
	if pos+8*count > 8*len(data) {
		return nil, info, fmt.Errorf("count %d exceeds the capacity", count)
	}
	out := make([]byte, count)
	for i := range out {
		out[i] = byte(get(8))
	}
	for i := 0; i < 4 && pos < 8*len(data); i++ {
		if get(1) != 0 {
			return nil, info, fmt.Errorf("terminator bit %d is 1", i)
		}
	}
	for pos%8 != 0 {
		if get(1) != 0 {
			return nil, info, fmt.Errorf("a padding bit is 1")
		}
	}
	for i, pad := 0, byte(0xEC); pos < 8*len(data); i, pad = i+1, pad^0xEC^0x11 {
		if got := byte(get(8)); got != pad {
			return nil, info, fmt.Errorf("pad codeword %d is %#x, want %#x", i, got, pad)
		}
	}
	return out, info, nil
}
