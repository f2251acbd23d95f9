package qr

// maskBit reports whether data mask m inverts the module in row i, column
// j (the standard's eight conditions).
func maskBit(m, i, j int) bool {
	switch m {
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
		return i*j%2+i*j%3 == 0
	case 6:
		return (i*j%2+i*j%3)%2 == 0
	case 7:
		return ((i+j)%2+i*j%3)%2 == 0
	}
	panic("qr: no mask pattern")
}

// applyMask inverts the data modules that mask m selects (applying it
// twice undoes it).
func (c *Code) applyMask(m int, function []bool) {
	n := c.Size
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if !function[i*n+j] && maskBit(m, i, j) {
				c.dark[i*n+j] = !c.dark[i*n+j]
			}
		}
	}
}

// The weights of the penalty rules.
const (
	penaltyRun    = 3  // N1: a run of five modules of one colour, +1 per module beyond
	penaltyBlock  = 3  // N2: a 2×2 block of one colour
	penaltyFinder = 40 // N3: a finder-like 1:1:3:1:1 run beside four light modules
	penaltyDark   = 10 // N4: per 5 % that the share of dark modules strays from 50 %
)

// penalty scores a masked symbol by the standard's four rules: runs of
// five or more modules of one colour in a row or column, 2×2 blocks of
// one colour, the pattern dark-light-dark-dark-dark-light-dark preceded
// or followed by four light modules (which a scanner could mistake for a
// finder), and an imbalance of dark and light. The mask with the lowest
// score is used.
func penalty(dark []bool, n int) int {
	at := func(x, y int, transpose bool) bool {
		if transpose {
			return dark[x*n+y]
		}
		return dark[y*n+x]
	}
	total := 0
	for _, t := range []bool{false, true} { // rows, then columns
		for y := 0; y < n; y++ {
			run := 1
			for x := 1; x <= n; x++ {
				if x < n && at(x, y, t) == at(x-1, y, t) {
					run++
					continue
				}
				if run >= 5 {
					total += penaltyRun + run - 5
				}
				run = 1
			}
			for x := 0; x+7 <= n; x++ {
				if !finderLike(func(k int) bool { return at(x+k, y, t) }) {
					continue
				}
				before := x >= 4 && !at(x-1, y, t) && !at(x-2, y, t) && !at(x-3, y, t) && !at(x-4, y, t)
				after := x+11 <= n && !at(x+7, y, t) && !at(x+8, y, t) && !at(x+9, y, t) && !at(x+10, y, t)
				if before || after {
					total += penaltyFinder
				}
			}
		}
	}
	for y := 0; y+1 < n; y++ {
		for x := 0; x+1 < n; x++ {
			d := dark[y*n+x]
			if dark[y*n+x+1] == d && dark[(y+1)*n+x] == d && dark[(y+1)*n+x+1] == d {
				total += penaltyBlock
			}
		}
	}
	nd := 0
	for _, d := range dark {
		if d {
			nd++
		}
	}
	// k is the number of whole 5 % steps by which the dark share strays
	// from 50 %: |nd/N − ½| ≥ k·5 % ⇔ |20·nd − 10·N| ≥ k·N.
	k := abs(20*nd-10*n*n) / (n * n)
	return total + k*penaltyDark
}

// finderLike reports whether the seven modules at(0) … at(6) read
// dark-light-dark-dark-dark-light-dark.
func finderLike(at func(k int) bool) bool {
	return at(0) && !at(1) && at(2) && at(3) && at(4) && !at(5) && at(6)
}
