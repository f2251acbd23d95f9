package qr

// Level is an error correction level: the share of codewords that may be
// damaged and still be corrected — about 7 % (L), 15 % (M), 25 % (Q) and
// 30 % (H).
type Level int

// The levels, in order of strength.
const (
	L Level = iota
	M
	Q
	H
)

// String returns "L", "M", "Q" or "H".
func (l Level) String() string { return "LMQH"[l : l+1] }

// formatBits are the two bits the format information gives each level
// (not in order of strength: L 01, M 00, Q 11, H 10).
func (l Level) formatBits() int { return [...]int{1, 0, 3, 2}[l] }

// eccPerBlock[level][version] is the number of error correction codewords
// in each block, and numBlocks[level][version] the number of blocks
// (the standard's table of error correction characteristics). Index 0
// is unused.
var eccPerBlock = [4][41]int{
	{0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
	{0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28},
	{0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
	{0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
}

var numBlocks = [4][41]int{
	{0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25},
	{0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49},
	{0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68},
	{0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81},
}

// MinVersion and MaxVersion bound the versions (sizes) of a code.
const (
	MinVersion = 1
	MaxVersion = 40
)

// Size returns the number of modules on a side of a code of version v.
func Size(v int) int { return 17 + 4*v }

// rawModules returns the number of modules of version v left for
// codewords once the function patterns, format and version information
// are drawn: the whole square, less the three finders with their
// separators, the format information and the dark module, the timing
// patterns, the alignment patterns and the version information.
func rawModules(v int) int {
	size := Size(v)
	n := size * size
	n -= 3 * 64          // three finders (7×7) with their separators (8×8 corners)
	n -= 2 * 15          // two copies of the format information
	n -= 1               // the dark module
	n -= 2 * (size - 16) // the timing patterns between the separators
	if v >= 2 {
		k := v/7 + 2         // alignment positions per axis
		n -= 25 * (k*k - 3)  // k² patterns less the three that would overlap finders
		n += 2 * 5 * (k - 2) // the timing patterns cross k−2 patterns each way: counted twice
	}
	if v >= 7 {
		n -= 2 * 18 // two copies of the version information
	}
	return n
}

// rawCodewords returns the number of whole codewords that fit version v
// (the remainder bits, 0 to 7 of them, stay light).
func rawCodewords(v int) int { return rawModules(v) / 8 }

// dataCodewords returns the number of data codewords of version v at
// level l.
func dataCodewords(v int, l Level) int {
	return rawCodewords(v) - eccPerBlock[l][v]*numBlocks[l][v]
}

// countBits returns the length of the character count in byte mode: 8
// bits up to version 9, 16 from version 10.
func countBits(v int) int {
	if v <= 9 {
		return 8
	}
	return 16
}

// Capacity returns the most bytes a code of version v at level l holds in
// byte mode: the data codewords less the 4-bit mode indicator and the
// character count.
func Capacity(v int, l Level) int {
	return (dataCodewords(v, l)*8 - 4 - countBits(v)) / 8
}

// alignmentPositions returns the row and column coordinates of the centres
// of the alignment patterns of version v (none for version 1): 6, and
// k − 1 more (k = ⌊v/7⌋ + 2) spaced by an even step back from size − 7.
// The step is the gap (size − 13)/(k − 1) rounded up to an even number,
// except for version 32, where the standard's table has 26 instead of 28.
// The tests check every version against the table.
func alignmentPositions(v int) []int {
	if v == 1 {
		return nil
	}
	k := v/7 + 2
	step := 26
	if v != 32 {
		// The step is the even number that spreads the k − 1 gaps from 6 to
		// size − 7 most evenly, rounding the gap up.
		step = (v*4 + k*2 + 1) / (k*2 - 2) * 2
	}
	pos := make([]int, k)
	pos[0] = 6
	for i, p := k-1, Size(v)-7; i >= 1; i, p = i-1, p-step {
		pos[i] = p
	}
	return pos
}
