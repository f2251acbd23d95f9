package qr

// Reed–Solomon error correction over GF(2⁸), as QR codes use it: the field
// is GF(2)[x]/(x⁸+x⁴+x³+x²+1) (0x11D), its generator α = x (the byte 2),
// and a block's n error correction codewords are the remainder of
// data(x)·xⁿ divided by g(x) = (x − α⁰)(x − α¹)⋯(x − αⁿ⁻¹).

// gfMul returns the product of a and b in GF(2⁸): carry-less
// multiplication, reducing by 0x11D whenever the product passes x⁷ (the
// Russian-peasant method).
func gfMul(a, b byte) byte {
	var p byte
	for i := 7; i >= 0; i-- {
		// p ← p·x, reduced: x⁸ = x⁴+x³+x²+1 (0x1D once the x⁸ bit drops).
		p = p<<1 ^ (p>>7)*0x1D
		p ^= (b >> i & 1) * a
	}
	return p
}

// rsGenerator returns the coefficients of g(x) = ∏_{i<n} (x − αⁱ) without
// its leading 1, highest degree first: g(x) = xⁿ + c[0]·xⁿ⁻¹ + … + c[n−1].
func rsGenerator(n int) []byte {
	c := make([]byte, n)
	c[n-1] = 1 // g(x) = 1, stored as the lowest coefficient
	root := byte(1)
	for i := 0; i < n; i++ {
		// g(x) ← g(x)·(x − αⁱ) (minus is plus in characteristic 2).
		for j := 0; j < n; j++ {
			c[j] = gfMul(c[j], root)
			if j+1 < n {
				c[j] ^= c[j+1]
			}
		}
		root = gfMul(root, 2)
	}
	return c
}

// rsRemainder returns the n = len(gen) error correction codewords of data:
// the remainder of data(x)·xⁿ divided by g(x), by polynomial long division
// (a linear-feedback shift register).
func rsRemainder(data, gen []byte) []byte {
	r := make([]byte, len(gen))
	for _, b := range data {
		f := b ^ r[0]
		copy(r, r[1:])
		r[len(r)-1] = 0
		for j, g := range gen {
			r[j] ^= gfMul(g, f)
		}
	}
	return r
}
