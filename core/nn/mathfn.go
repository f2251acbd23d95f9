package nn

import "math"

// The transcendental functions every rule uses go through this file, so
// that one implementation serves native and WebAssembly builds alike.
//
// The standard library's math.Exp and math.Log run assembly on amd64 (and
// math.Tanh calls math.Exp), but pure Go under WebAssembly, and the two
// disagree in the last bit for some arguments: enough to make the same link
// train to different numbers on the command line and in the browser
// (measured: every digest in core/run/testdata/digest.golden differed
// before this file had its own implementations). The functions below are
// plain Go, written after the same published algorithms as the standard
// library's portable code — fdlibm's e_exp.c and e_log.c (Sun Microsystems,
// 1993, as in FreeBSD's msun and Go's math/exp.go and math/log.go) and the
// Cephes rational approximation of tanh (Moshier, as in Go's math/tanh.go)
// — so they use only +, −, ×, ÷ and exact scalings by powers of two, which
// IEEE 754 rounds identically everywhere. They are within 1 ulp of the
// standard library (mathfn_test.go sweeps them) and equal to its portable
// code bit for bit.

// Exp returns eˣ.
//
// Special cases: Exp(+∞) = +∞, Exp(NaN) = NaN; results that overflow are
// +∞ and results that underflow are 0 (or subnormal).
func Exp(x float64) float64 {
	const (
		// ln 2 split in two: Ln2Hi has its low 32 bits zero, so that k·Ln2Hi
		// is exact for |k| < 2²⁰; Ln2Hi + Ln2Lo = ln 2 to about 2⁻¹⁰⁶.
		Ln2Hi = 6.93147180369123816490e-01 // 0x3FE62E42FEE00000
		Ln2Lo = 1.90821492927058770002e-10 // 0x3DEA39EF35793C76
		Log2e = 1.44269504088896338700e+00 // 1/ln 2

		Overflow  = 7.09782712893383973096e+02  // ln(max float64)
		Underflow = -7.45133219101941108420e+02 // ln(smallest subnormal / 2)
		NearZero  = 1.0 / (1 << 28)             // below this, eˣ rounds to 1 + x
	)
	switch {
	case x != x: // NaN
		return x
	case x > Overflow: // and +∞
		return math.Inf(1)
	case x < Underflow: // and −∞
		return 0
	case -NearZero < x && x < NearZero:
		return 1 + x
	}
	// Reduce: x = k·ln 2 + r with |r| ≤ ln(2)/2, r kept as hi − lo.
	var k int
	switch {
	case x < 0:
		k = int(Log2e*x - 0.5)
	case x > 0:
		k = int(Log2e*x + 0.5)
	}
	hi := x - float64(k)*Ln2Hi
	lo := float64(k) * Ln2Lo
	return expReduced(hi, lo, k)
}

// expReduced returns e^r·2ᵏ for r = hi − lo, |r| ≤ ln(2)/2 (fdlibm e_exp.c):
// with R(r²) ≈ r·(eʳ+1)/(eʳ−1) fitted by a degree-5 Remez polynomial
// (error below 2⁻⁵⁹),
//
//	c = r − r²·(P1 + r²·(P2 + … + r²·P5)),   eʳ = 1 + r + r·c/(2 − c).
func expReduced(hi, lo float64, k int) float64 {
	const (
		P1 = 1.66666666666666657415e-01  // 0x3FC5555555555555
		P2 = -2.77777777770155933842e-03 // 0xBF66C16C16BEBD93
		P3 = 6.61375632143793436117e-05  // 0x3F11566AAF25DE2C
		P4 = -1.65339022054652515390e-06 // 0xBEBBBD41C5D26BF1
		P5 = 4.13813679705723846039e-08  // 0x3E66376972BEA4D0
	)
	r := hi - lo
	t := r * r
	c := r - t*(P1+t*(P2+t*(P3+t*(P4+t*P5))))
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	if -1021 <= k && k <= 1023 {
		// y·2ᵏ is a normal number and exact: build 2ᵏ from its bits,
		// which is several times cheaper than Ldexp in WebAssembly.
		return y * math.Float64frombits(uint64(1023+k)<<52)
	}
	return math.Ldexp(y, k) // exact scaling (rounded once if subnormal)
}

// Log returns the natural logarithm of x.
//
// Special cases: Log(+∞) = +∞, Log(0) = −∞, Log(x < 0) = NaN,
// Log(NaN) = NaN.
//
// After fdlibm e_log.c: x = 2ᵏ·(1+f) with √2/2 ≤ 1+f < √2; with
// s = f/(2+f), log(1+f) = 2s + 2s³/3 + 2s⁵/5 + … = f − (f²/2 − s·(f²/2 + R(s²))),
// where R is a degree-14 Remez polynomial in s (error below 2⁻⁵⁸·⁴⁵).
func Log(x float64) float64 {
	const (
		Ln2Hi = 6.93147180369123816490e-01 // 0x3FE62E42FEE00000
		Ln2Lo = 1.90821492927058770002e-10 // 0x3DEA39EF35793C76
		L1    = 6.666666666666735130e-01   // 0x3FE5555555555593
		L2    = 3.999999999940941908e-01   // 0x3FD999999997FA04
		L3    = 2.857142874366239149e-01   // 0x3FD2492494229359
		L4    = 2.222219843214978396e-01   // 0x3FCC71C51D8E78AF
		L5    = 1.818357216161805012e-01   // 0x3FC7466496CB03DE
		L6    = 1.531383769920937332e-01   // 0x3FC39A09D078C69F
		L7    = 1.479819860511658591e-01   // 0x3FC2F112DF3E5244
	)
	switch {
	case x != x || math.IsInf(x, 1):
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}
	f1, ki := math.Frexp(x) // exact: x = f1·2^ki, ½ ≤ f1 < 1
	if f1 < math.Sqrt2/2 {
		f1 *= 2
		ki--
	}
	f := f1 - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := s2 * (L1 + s4*(L3+s4*(L5+s4*L7)))
	t2 := s4 * (L2 + s4*(L4+s4*L6))
	R := t1 + t2
	hfsq := 0.5 * f * f
	return k*Ln2Hi - ((hfsq - (s*(hfsq+R) + k*Ln2Lo)) - f)
}

// tanh returns the hyperbolic tangent of x.
//
// After the Cephes library's tanh.c (S. L. Moshier), as in Go's portable
// math/tanh.go: for |x| ≥ 0.625, tanh|x| = 1 − 2/(e^{2|x|} + 1) (through
// our Exp); below, x + x³·P(x²)/Q(x²) with a (2, 3) rational approximation
// whose relative error is below 2·10⁻¹⁶; beyond ½·ln 2¹²⁷ the result is ±1.
func tanh(x float64) float64 {
	const MaxLog = 8.8029691931113054295988e+01 // ln 2¹²⁷
	const (
		P0 = -9.64399179425052238628e-1
		P1 = -9.92877231001918586564e1
		P2 = -1.61468768441708447952e3
		Q0 = 1.12811678491632931402e2
		Q1 = 2.23548839060100448583e3
		Q2 = 4.84406305325125486048e3
	)
	z := math.Abs(x)
	switch {
	case z > 0.5*MaxLog:
		if x < 0 {
			return -1
		}
		return 1
	case z >= 0.625:
		s := Exp(2 * z)
		z = 1 - 2/(s+1)
		if x < 0 {
			z = -z
		}
	default:
		if x == 0 {
			return x
		}
		s := x * x
		z = x + x*s*((P0*s+P1)*s+P2)/(((s+Q0)*s+Q1)*s+Q2)
	}
	return z
}

// sqrt returns √x (IEEE 754 requires the square root to be correctly
// rounded, so math.Sqrt is the same everywhere).
func sqrt(x float64) float64 { return math.Sqrt(x) }
