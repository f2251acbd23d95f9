package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The naive references: the plain triple loops the kernels replace, in the
// order of summation the kernels promise (kernel.go), so that the kernels
// must match them bit for bit.

func naiveAffine(y, x, wt, b []float64, N, in, out int) {
	for n := 0; n < N; n++ {
		for j := 0; j < out; j++ {
			y[n*out+j] = b[j]
		}
		for k := 0; k < in; k++ {
			for j := 0; j < out; j++ {
				y[n*out+j] += x[n*in+k] * wt[k*out+j]
			}
		}
	}
}

func naiveBackInput(d, e, w []float64, N, in, out int) {
	for n := 0; n < N; n++ {
		for k := 0; k < in; k++ {
			d[n*in+k] = 0
		}
		for j := 0; j < out; j++ {
			for k := 0; k < in; k++ {
				d[n*in+k] += e[n*out+j] * w[j*in+k]
			}
		}
	}
}

func naiveAddOuter(g, gb, e, x []float64, N, in, out int, s float64) {
	for n := 0; n < N; n++ {
		for j := 0; j < out; j++ {
			c := s * e[n*out+j]
			for k := 0; k < in; k++ {
				g[j*in+k] += c * x[n*in+k]
			}
			if gb != nil {
				gb[j] += c
			}
		}
	}
}

func naiveTranspose(dst, src []float64, rows, cols int) {
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			dst[j*rows+i] = src[i*cols+j]
		}
	}
}

// sparse returns n values, each zero with probability zero and otherwise
// uniform in (−1, 1).
func sparse(n int, zero float64, rnd *rand.Rand) []float64 {
	v := make([]float64, n)
	for i := range v {
		if rnd.Float64() >= zero {
			v[i] = 2*rnd.Float64() - 1
		}
	}
	return v
}

// sameBits reports whether a and b hold the same float64 bits, except that
// +0 and −0 count as equal (a skipped zero term may leave +0 where the
// naive sum of zeros has −0 … or rather, may not: see kernel.go; the test
// is strict about every nonzero value).
func sameBits(a, b []float64) (int, bool) {
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return i, false
		}
		if a[i] != 0 && math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return i, false
		}
	}
	return 0, len(a) == len(b)
}

var kernelShapes = []struct{ N, in, out int }{
	{0, 3, 4},     // no rows
	{1, 1, 1},     // 1×1
	{3, 0, 2},     // no inputs
	{2, 5, 0},     // no outputs
	{1, 7, 3},     // odd sizes
	{5, 9, 13},    // more than eight nonzero rows, with a remainder
	{32, 784, 10}, // an MNIST readout
	{32, 33, 128},
	{17, 64, 31},
	{4, 8, 8},
}

// TestKernels compares every kernel with its naive reference on random
// shapes and densities, with garbage in the outputs beforehand and slices
// longer than needed (callers pass workspaces sized for a larger batch).
func TestKernels(t *testing.T) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	for _, shape := range kernelShapes {
		for _, zero := range []float64{0, 0.5, 0.81, 1} {
			N, in, out := shape.N, shape.in, shape.out
			name := fmt.Sprintf("%dx%dx%d/zero%g", N, in, out, zero)
			t.Run(name, func(t *testing.T) {
				const extra = 3 // trailing elements the kernels must not touch
				x := sparse(N*in+extra, zero, rnd)
				e := sparse(N*out+extra, zero, rnd)
				w := sparse(out*in+extra, 0, rnd)
				wt := make([]float64, in*out+extra)
				b := sparse(out+extra, 0, rnd)
				naiveTranspose(wt, w, out, in)
				s := rnd.Float64() + 0.1

				check := func(kernel string, got, want []float64) {
					t.Helper()
					if i, ok := sameBits(got, want); !ok {
						t.Errorf("%s: element %d: got %v want %v", kernel, i, got[i], want[i])
					}
				}

				// Affine
				got, want := sparse(N*out+extra, 0, rnd), make([]float64, N*out+extra)
				copy(want, got)
				Affine(got, x, wt, b, N, in, out)
				naiveAffine(want, x, wt, b, N, in, out)
				check("Affine", got, want)

				// BackInput
				got, want = sparse(N*in+extra, 0, rnd), make([]float64, N*in+extra)
				copy(want, got)
				BackInput(got, e, w, N, in, out)
				naiveBackInput(want, e, w, N, in, out)
				check("BackInput", got, want)

				// AddOuter, adding to a nonzero g and gb.
				got, want = sparse(out*in+extra, 0, rnd), make([]float64, out*in+extra)
				copy(want, got)
				gotB, wantB := sparse(out+extra, 0, rnd), make([]float64, out+extra)
				copy(wantB, gotB)
				AddOuter(got, gotB, e, x, N, in, out, s)
				naiveAddOuter(want, wantB, e, x, N, in, out, s)
				check("AddOuter", got, want)
				check("AddOuter bias", gotB, wantB)
				AddOuter(got, nil, e, x, N, in, out, s)
				naiveAddOuter(want, nil, e, x, N, in, out, s)
				check("AddOuter without bias", got, want)

				// AddOuterT on the scaled errors, from zero: the transpose
				// of AddOuter's sum.
				es := make([]float64, len(e))
				for i, v := range e {
					es[i] = s * v
				}
				gt := make([]float64, in*out+extra)
				AddOuterT(gt, es, x, N, in, out)
				g := make([]float64, out*in+extra)
				Transpose(g, gt, in, out)
				want = make([]float64, out*in+extra)
				naiveAddOuter(want, nil, e, x, N, in, out, s)
				check("AddOuterT", g, want)

				// The sparse kernels, on the list of x's nonzero entries.
				var nz NonZero
				nz.Index(x, N, in)
				got, want = sparse(N*out+extra, 0, rnd), make([]float64, N*out+extra)
				copy(want, got)
				AffineSparse(got, x, w, b, N, in, out, &nz)
				naiveAffine(want, x, wt, b, N, in, out)
				check("AffineSparse", got, want)
				AffineGather(got, x, wt, b, N, in, out, &nz)
				check("AffineGather", got, want)
				g = make([]float64, out*in+extra)
				AddOuterSparse(g, es, x, N, in, out, &nz, make([]int32, out))
				want = make([]float64, out*in+extra)
				naiveAddOuter(want, nil, e, x, N, in, out, s)
				check("AddOuterSparse", g, want)

				// Transpose both ways.
				got, want = make([]float64, in*out+extra), make([]float64, in*out+extra)
				Transpose(got, w, out, in)
				naiveTranspose(want, w, out, in)
				check("Transpose", got, want)
			})
		}
	}
}

// TestOptimizerKernels checks the penalty-free fast path of Optimizer.Step
// against its general loop (with λ = 0): the same bits.
func TestOptimizerKernels(t *testing.T) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	for _, m := range []Method{SGD, Momentum, Adam} {
		t.Run(m.String(), func(t *testing.T) {
			fast, slow := &Optimizer{Method: m, LearningRate: 0.01}, &Optimizer{Method: m, LearningRate: 0.01, L1: 1e-300}
			p := NewParam("w", 7, 13, true)
			copy(p.Value, sparse(len(p.Value), 0.1, rnd))
			q := NewParam("w", 7, 13, true)
			copy(q.Value, p.Value)
			for step := 0; step < 5; step++ {
				g := sparse(len(p.Grad), 0.3, rnd)
				copy(p.Grad, g)
				copy(q.Grad, g)
				fast.Step([]*Param{p})
				slow.Step([]*Param{q})
			}
			// λ₁ = 1e-300 moves no weight of this size: the general loop
			// then computes exactly what the fast path does.
			if i, ok := sameBits(p.Value, q.Value); !ok {
				t.Fatalf("weight %d: got %v want %v", i, p.Value[i], q.Value[i])
			}
		})
	}
}

func TestAllFinite(t *testing.T) {
	for _, test := range []struct {
		name string
		v    []float64
		want bool
	}{
		{"empty", nil, true},
		{"one", []float64{1}, true},
		{"zeros", make([]float64, 9), true},
		{"NaN last", []float64{1, 2, 3, 4, 5, math.NaN()}, false},
		{"NaN in a block", []float64{1, math.NaN(), 3, 4, 5}, false},
		{"infinity", []float64{0, 0, 0, math.Inf(-1)}, false},
		{"squares overflow", []float64{1e200, 1, 1, 1}, false},
		{"large but fine", []float64{1e150, -1e150, 3}, true},
	} {
		if got := AllFinite(test.v); got != test.want {
			t.Errorf("%s: got %v want %v", test.name, got, test.want)
		}
	}
}

// TestLayerGradientRoutes checks that LayerGradient gives the same bits by
// either route (AddOuterT for sparse inputs, AddOuter otherwise) as the
// naive loop.
func TestLayerGradientRoutes(t *testing.T) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	for _, test := range []struct {
		name   string
		sizes  []int
		zeroX  float64
		transp bool // expect the transposed route
	}{
		{"dense inputs", []int{6, 9, 4}, 0, false},
		{"sparse inputs", []int{300, 40, 10}, 0.9, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			net := New(Config{Sizes: test.sizes, Hidden: ReLU, Loss: CrossEntropy}, rnd)
			const N = 16
			x := sparse(N*test.sizes[0], test.zeroX, rnd)
			net.Forward(x, N)
			ly := net.Layers[0]
			delta := sparse(N*ly.Out, 0.2, rnd)
			if got := net.sparserInputs(ly, delta, x); got != test.transp {
				t.Fatalf("sparserInputs %v, want %v", got, test.transp)
			}
			net.LayerGradient(0, delta, x)
			want, wantB := make([]float64, len(ly.W.Grad)), make([]float64, len(ly.B.Grad))
			naiveAddOuter(want, wantB, delta, x, N, ly.In, ly.Out, 1.0/N)
			if i, ok := sameBits(ly.W.Grad, want); !ok {
				t.Errorf("W.Grad %d: got %v want %v", i, ly.W.Grad[i], want[i])
			}
			if !slices.Equal(ly.B.Grad, wantB) {
				t.Errorf("B.Grad: got %v want %v", ly.B.Grad, wantB)
			}
		})
	}
}

// The kernels on the shapes of MNIST's first layer (784→128, batches of
// 32, 81 % of the inputs zero, half of the errors zero as behind ReLU).
func BenchmarkKernel(b *testing.B) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	const N, in, out = 32, 784, 128
	x := sparse(N*in, 0.81, rnd)
	e := sparse(N*out, 0.5, rnd)
	w := sparse(out*in, 0, rnd)
	wt := make([]float64, in*out)
	Transpose(wt, w, out, in)
	bias := make([]float64, out)
	y, d := make([]float64, N*out), make([]float64, N*in)
	g := make([]float64, out*in)
	var nz NonZero
	nz.Index(x, N, in)
	active := make([]int32, out)
	for _, k := range []struct {
		name string
		f    func()
	}{
		{"Affine", func() { Affine(y, x, wt, bias, N, in, out) }},
		{"BackInput", func() { BackInput(d, e, w, N, in, out) }},
		{"AddOuter", func() { AddOuter(g, nil, e, x, N, in, out, 1) }},
		{"AddOuterT", func() { AddOuterT(wt, e, x, N, in, out) }},
		{"Index", func() { nz.Index(x, N, in) }},
		{"AffineSparse", func() { AffineSparse(y, x, w, bias, N, in, out, &nz) }},
		{"AffineGather", func() { AffineGather(y, x, wt, bias, N, in, out, &nz) }},
		{"AddOuterSparse", func() { AddOuterSparse(g, e, x, N, in, out, &nz, active) }},
		{"Transpose", func() { Transpose(wt, w, out, in) }},
		{"SGDStep", func() { SGDStep(w, g, 1e-9) }},
		{"AllFinite", func() { AllFinite(w) }},
		{"clear", func() { clear(g) }},
	} {
		b.Run(k.name, func(b *testing.B) {
			for b.Loop() {
				k.f()
			}
		})
	}
}
