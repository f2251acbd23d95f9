package nn

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
)

const seed = 1

// TestGradient checks Backward against central finite differences of the
// loss (gonum's diff/fd), for every activation and both losses.
func TestGradient(t *testing.T) {
	for _, test := range []struct {
		name  string
		act   Activation
		loss  Loss
		sizes []int
	}{
		{"tanh/ce", Tanh, CrossEntropy, []int{3, 5, 4, 3}},
		{"relu/ce", ReLU, CrossEntropy, []int{3, 6, 3}},
		{"leakyrelu/ce", LeakyReLU, CrossEntropy, []int{2, 4, 4, 2}},
		{"sigmoid/ce", Sigmoid, CrossEntropy, []int{4, 5, 3}},
		{"linear/ce", Linear, CrossEntropy, []int{3, 3, 2}},
		{"tanh/mse", Tanh, MSE, []int{2, 5, 1}},
		{"sigmoid/mse", Sigmoid, MSE, []int{3, 4, 2}},
		{"no hidden/mse", Linear, MSE, []int{3, 2}},
	} {
		t.Run(test.name, func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(seed, seed))
			net := New(Config{Sizes: test.sizes, Hidden: test.act, Loss: test.loss}, rnd)
			for _, ly := range net.Layers { // nonzero biases exercise their gradient too
				InitUniform(ly.B.Value, 0.5, rnd)
			}
			const N = 5
			x := make([]float64, N*test.sizes[0])
			InitUniform(x, 1, rnd)
			k := net.Outputs()
			y := make([]float64, N*k)
			for n := 0; n < N; n++ {
				if test.loss == CrossEntropy {
					y[n*k+rnd.IntN(k)] = 1
				} else {
					InitUniform(y[n*k:(n+1)*k], 1, rnd)
				}
			}
			net.Forward(x, N)
			net.Backward(y, nil)
			params := net.Params()
			for _, p := range params {
				analytic := append([]float64(nil), p.Grad...)
				orig := append([]float64(nil), p.Value...)
				loss := func(v []float64) float64 {
					copy(p.Value, v)
					net.Forward(x, N)
					return net.LossValue(y)
				}
				numeric := fd.Gradient(nil, loss, orig, &fd.Settings{Formula: fd.Central})
				copy(p.Value, orig)
				// 1e-6: central differences with fd's default step are
				// accurate to about 1e-8 on these smooth losses; ReLU's kink
				// is avoided because no pre-activation lands within a step of 0.
				if !floats.EqualApprox(analytic, numeric, 1e-6) {
					t.Errorf("%s: got %v, want %v", p.Name, analytic, numeric)
				}
			}
		})
	}
}

// TestOptimizers checks one step of each method by hand.
func TestOptimizers(t *testing.T) {
	for _, test := range []struct {
		name string
		opt  Optimizer
		want []float64 // after two steps with gradient g
	}{
		// SGD: w − 2ηg.
		{"sgd", Optimizer{Method: SGD, LearningRate: 0.1}, []float64{1 - 0.2*0.5, -1 + 0.2*2}},
		// Momentum μ=0.9: v₁ = g, v₂ = 1.9g, w − η·2.9g.
		{"momentum", Optimizer{Method: Momentum, LearningRate: 0.1}, []float64{1 - 0.29*0.5, -1 + 0.29*2}},
		// Adam: every step moves each weight by about η against the sign of g.
		{"adam", Optimizer{Method: Adam, LearningRate: 0.1}, []float64{0.8, -0.8}},
		// L2 adds λw to g: SGD with g=0 decays w by (1−ηλ) per step.
		{"l2", Optimizer{Method: SGD, LearningRate: 0.1, L2: 0.5}, nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := NewParam("w", 1, 2, true)
			copy(p.Value, []float64{1, -1})
			g := []float64{0.5, -2}
			if test.want == nil {
				g = []float64{0, 0}
				test.want = []float64{0.95 * 0.95, -0.95 * 0.95}
			}
			for range 2 {
				copy(p.Grad, g)
				test.opt.Step([]*Param{p})
			}
			if !floats.EqualApprox(p.Value, test.want, 1e-6) {
				t.Errorf("got %v, want %v", p.Value, test.want)
			}
		})
	}
}

// TestStepAllocs checks that a forward and backward pass do not allocate.
func TestStepAllocs(t *testing.T) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	net := New(Config{Sizes: []int{2, 16, 16, 2}, Hidden: Tanh}, rnd)
	x := make([]float64, 32*2)
	y := make([]float64, 32*2)
	InitUniform(x, 1, rnd)
	net.Reserve(32)
	opt := &Optimizer{Method: Adam, LearningRate: 0.01}
	params := net.Params()
	opt.Step(params) // allocates its state once
	allocs := testing.AllocsPerRun(10, func() {
		net.Forward(x, 32)
		net.Backward(y, nil)
		opt.Step(params)
	})
	if allocs != 0 {
		t.Errorf("got %v allocations per step, want 0", allocs)
	}
}

func benchmarkStep(b *testing.B, sizes []int, act Activation, batch int) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	net := New(Config{Sizes: sizes, Hidden: act}, rnd)
	x := make([]float64, batch*sizes[0])
	InitUniform(x, 1, rnd)
	k := sizes[len(sizes)-1]
	y := make([]float64, batch*k)
	for n := 0; n < batch; n++ {
		y[n*k+n%k] = 1
	}
	opt := &Optimizer{Method: SGD, LearningRate: 0.01}
	params := net.Params()
	for b.Loop() {
		net.Forward(x, batch)
		net.Backward(y, nil)
		opt.Step(params)
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkStepSpiral2x16x16x2Batch16(b *testing.B) {
	benchmarkStep(b, []int{2, 16, 16, 2}, Tanh, 16)
}
