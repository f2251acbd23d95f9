package nn

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"runtime"
	"testing"
)

// ulps returns the distance between a and b in units in the last place
// (0 when both are the same NaN or infinity).
func ulps(a, b float64) uint64 {
	if a == b || (a != a && b != b) {
		return 0
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) || a != a || b != b || math.Signbit(a) != math.Signbit(b) {
		return math.MaxUint64
	}
	ia, ib := math.Float64bits(math.Abs(a)), math.Float64bits(math.Abs(b))
	if ia > ib {
		return ia - ib
	}
	return ib - ia
}

// TestMathFunctions sweeps our Exp, Log and tanh against the true values
// (computed with math/big to 300 bits, see bigExp and bigLog): each result
// must be within 1 ulp of the correctly rounded value, the accuracy fdlibm
// promises. Under WebAssembly, where the standard library runs the same
// portable algorithms as ours, the results must also equal the standard
// library's bit for bit; natively the test logs how often they differ
// from math.Exp and math.Log, which run assembly on amd64 and arm64.
func TestMathFunctions(t *testing.T) {
	const seed = 1
	rnd := rand.New(rand.NewPCG(seed, seed))
	n := 3000 // points per range checked against math/big
	if testing.Short() {
		n = 300
	}
	for _, test := range []struct {
		name   string
		ours   func(float64) float64
		std    func(float64) float64
		ref    func(float64) float64 // the correctly rounded value
		lo, hi float64               // the sweep's range
		maxULP uint64                // from the true value; fdlibm's bound is < 1 ulp
	}{
		{"Exp", Exp, math.Exp, refExp, -745, 709.78, 1},
		{"Exp near 0", Exp, math.Exp, refExp, -1, 1, 1},
		{"Log", Log, math.Log, refLog, 0, 1e300, 1},
		{"Log near 1", Log, math.Log, refLog, 0.5, 2, 1},
		{"Log tiny", Log, math.Log, refLog, 0, 1e-300, 1},
		{"tanh", tanh, math.Tanh, refTanh, -20, 20, 1},
		{"tanh near 0", tanh, math.Tanh, refTanh, -0.7, 0.7, 1},
	} {
		t.Run(test.name, func(t *testing.T) {
			var worst, worstStd uint64
			differ := 0
			for i := 0; i < n; i++ {
				x := test.lo + (test.hi-test.lo)*rnd.Float64()
				got, std, want := test.ours(x), test.std(x), test.ref(x)
				if d := ulps(got, want); d > test.maxULP {
					t.Fatalf("%s(%v) = %v, want %v (%d ulp apart)", test.name, x, got, want, d)
				} else if d > worst {
					worst = d
				}
				if d := ulps(std, want); d > worstStd {
					worstStd = d
				}
				if got != std {
					differ++
					if runtime.GOARCH == "wasm" {
						t.Fatalf("%s(%v) = %v, but the standard library's portable code gives %v", test.name, x, got, std)
					}
				}
			}
			std := fmt.Sprintf("%d ulp", worstStd)
			if worstStd == math.MaxUint64 {
				std = "∞ (an infinity where the value is finite)"
			}
			t.Logf("%s/%s: ours within %d ulp of the true value, the standard library within %s; they differ at %d of %d points",
				runtime.GOOS, runtime.GOARCH, worst, std, differ, n)
		})
	}
	for _, test := range []struct {
		name      string
		got, want float64
	}{
		{"Exp(NaN)", Exp(math.NaN()), math.NaN()},
		{"Exp(+Inf)", Exp(math.Inf(1)), math.Inf(1)},
		{"Exp(-Inf)", Exp(math.Inf(-1)), 0},
		{"Exp(0)", Exp(0), 1},
		{"Exp(1)", Exp(1), math.E},
		{"Exp(710)", Exp(710), math.Inf(1)},
		{"Exp(-746)", Exp(-746), 0},
		{"Exp(-745)", Exp(-745), math.SmallestNonzeroFloat64},
		{"Log(0)", Log(0), math.Inf(-1)},
		{"Log(-1)", Log(-1), math.NaN()},
		{"Log(+Inf)", Log(math.Inf(1)), math.Inf(1)},
		{"Log(1)", Log(1), 0},
		{"Log(e)", Log(math.E), 1},
		{"Log(subnormal)", Log(math.SmallestNonzeroFloat64), -744.4400719213812},
		{"tanh(0)", tanh(0), 0},
		{"tanh(-0)", tanh(math.Copysign(0, -1)), math.Copysign(0, -1)},
		{"tanh(+Inf)", tanh(math.Inf(1)), 1},
		{"tanh(-Inf)", tanh(math.Inf(-1)), -1},
		{"tanh(NaN)", tanh(math.NaN()), math.NaN()},
	} {
		if math.Float64bits(test.got) != math.Float64bits(test.want) && !(test.got != test.got && test.want != test.want) {
			t.Errorf("%s = %v, want %v", test.name, test.got, test.want)
		}
	}
}

// TestMathConstants checks the fdlibm coefficients against the bit
// patterns the original sources list, so that a mistyped digit cannot hide
// behind the 1-ulp tolerance.
func TestMathConstants(t *testing.T) {
	for _, test := range []struct {
		f    float64
		bits uint64
	}{
		{6.93147180369123816490e-01, 0x3FE62E42FEE00000},
		{1.90821492927058770002e-10, 0x3DEA39EF35793C76},
		{1.66666666666666657415e-01, 0x3FC5555555555555},
		{-2.77777777770155933842e-03, 0xBF66C16C16BEBD93},
		{6.61375632143793436117e-05, 0x3F11566AAF25DE2C},
		{-1.65339022054652515390e-06, 0xBEBBBD41C5D26BF1},
		{4.13813679705723846039e-08, 0x3E66376972BEA4D0},
		{6.666666666666735130e-01, 0x3FE5555555555593},
		{3.999999999940941908e-01, 0x3FD999999997FA04},
		{2.857142874366239149e-01, 0x3FD2492494229359},
		{2.222219843214978396e-01, 0x3FCC71C51D8E78AF},
		{1.818357216161805012e-01, 0x3FC7466496CB03DE},
		{1.531383769920937332e-01, 0x3FC39A09D078C69F},
		{1.479819860511658591e-01, 0x3FC2F112DF3E5244},
	} {
		if got := math.Float64bits(test.f); got != test.bits {
			t.Errorf("%v has bits %#016x, want %#016x", test.f, got, test.bits)
		}
	}
}

// prec is the precision of the reference values: 300 bits leave more than
// 250 correct after the squarings in bigExp.
const prec = 300

// refExp returns eˣ correctly rounded, from the Taylor series of e^(x/2ᵐ)
// squared m times.
func refExp(x float64) float64 {
	switch {
	case x > 709.8:
		return math.Inf(1)
	case x < -746:
		return 0
	}
	return f64(bigExp(new(big.Float).SetPrec(prec).SetFloat64(x)))
}

// bigExp returns eˣ to prec bits.
func bigExp(x *big.Float) *big.Float {
	r := new(big.Float).SetPrec(prec).Set(x)
	m := 0
	for r.MantExp(nil) > -8 && r.Sign() != 0 { // |r| ≥ 2⁻⁹
		r.SetMantExp(r, -1)
		m++
	}
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for k := int64(1); k < 200; k++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetInt64(k))
		sum.Add(sum, term)
		if term.Sign() == 0 || term.MantExp(nil) < sum.MantExp(nil)-prec-8 {
			break
		}
	}
	for ; m > 0; m-- {
		sum.Mul(sum, sum)
	}
	return sum
}

// refLog returns ln x correctly rounded: x = m·2ᵉ, ln x = e·ln 2 + 2·atanh((m−1)/(m+1)).
func refLog(x float64) float64 {
	if x <= 0 {
		return Log(x) // the special cases
	}
	m := new(big.Float).SetPrec(prec)
	e := new(big.Float).SetPrec(prec).SetFloat64(x).MantExp(m) // x = m·2ᵉ, ½ ≤ m < 1
	ln2 := bigAtanh2(new(big.Float).SetPrec(prec).Quo(big.NewFloat(1), big.NewFloat(3)))
	l := new(big.Float).SetPrec(prec).Mul(ln2, new(big.Float).SetInt64(int64(e)))
	num := new(big.Float).SetPrec(prec).Sub(m, big.NewFloat(1))
	den := new(big.Float).SetPrec(prec).Add(m, big.NewFloat(1))
	l.Add(l, bigAtanh2(num.Quo(num, den)))
	return f64(l)
}

// bigAtanh2 returns 2·atanh(z) = 2·(z + z³/3 + z⁵/5 + …) for |z| ≤ ⅓.
func bigAtanh2(z *big.Float) *big.Float {
	z2 := new(big.Float).SetPrec(prec).Mul(z, z)
	pow := new(big.Float).SetPrec(prec).Set(z)
	sum := new(big.Float).SetPrec(prec).Set(z)
	for k := int64(3); k < 2000 && pow.Sign() != 0; k += 2 {
		pow.Mul(pow, z2)
		term := new(big.Float).SetPrec(prec).Quo(pow, new(big.Float).SetInt64(k))
		sum.Add(sum, term)
		if term.MantExp(nil) < sum.MantExp(nil)-prec-8 {
			break
		}
	}
	return sum.Mul(sum, big.NewFloat(2))
}

// refTanh returns tanh x correctly rounded, as (e^{2x} − 1)/(e^{2x} + 1).
func refTanh(x float64) float64 {
	if x == 0 || x != x {
		return x
	}
	e := bigExp(new(big.Float).SetPrec(prec).SetFloat64(2 * x))
	num := new(big.Float).SetPrec(prec).Sub(e, big.NewFloat(1))
	den := new(big.Float).SetPrec(prec).Add(e, big.NewFloat(1))
	return f64(num.Quo(num, den))
}

// f64 rounds b to the nearest float64 (subnormals included).
func f64(b *big.Float) float64 {
	f, _ := b.Float64()
	return f
}
