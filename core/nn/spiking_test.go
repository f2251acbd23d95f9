package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
)

// TestLIFTrace checks the LIF dynamics against traces computed by hand, for
// both resets, with and without the rectifier (which must not change which
// neuron fires), and with and without a leak.
func TestLIFTrace(t *testing.T) {
	// The currents are sums of powers of two, so that every potential is
	// exact and a potential that reaches θ exactly fires (H(0) = 1).
	cur := []float64{0.75, 0.625, 0.25, 1.5, 0.75}
	for _, test := range []struct {
		name    string
		reset   Reset
		decay   float64
		u, s    []float64
		wantOut float64 // the remaining potential v[T]
	}{
		// u = λv + I; hard: v = 0 after a spike.
		// t=1 .75; t=2 .375+.625 = 1 (fires); t=3 .25; t=4 .125+1.5 = 1.625
		// (fires, v = 0); t=5 .75.
		{"hard", HardReset, 0.5,
			[]float64{0.75, 1, 0.25, 1.625, 0.75}, []float64{0, 1, 0, 1, 0}, 0.75},
		// Soft: v = u − θ after a spike. Up to t=4 as above, but t=4 keeps
		// v = .625, so t=5 reaches .3125 + .75 = 1.0625 and fires too: the
		// overshoot the hard reset discarded.
		{"soft", SoftReset, 0.5,
			[]float64{0.75, 1, 0.25, 1.625, 1.0625}, []float64{0, 1, 0, 1, 1}, 0.0625},
		// Without a leak (λ = 1, integrate-and-fire): hard t=2 1.375 (fires,
		// 0); t=3 .25; t=4 1.75 (fires, 0); t=5 .75.
		{"hard no leak", HardReset, 1,
			[]float64{0.75, 1.375, 0.25, 1.75, 0.75}, []float64{0, 1, 0, 1, 0}, 0.75},
		// soft t=2 1.375 (fires, .375); t=3 .625; t=4 2.125 (fires, 1.125);
		// t=5 1.875 (fires, .875).
		{"soft no leak", SoftReset, 1,
			[]float64{0.75, 1.375, 0.625, 2.125, 1.875}, []float64{0, 1, 0, 1, 1}, 0.875},
	} {
		for _, mpr := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/mpr=%v", test.name, mpr), func(t *testing.T) {
				sp := newSpiking(SpikingConfig{Steps: len(cur), Decay: test.decay, Threshold: 1, Reset: test.reset, Rectify: mpr})
				v := []float64{0}
				u, s := make([]float64, 1), make([]float64, 1)
				for k, c := range cur {
					sp.step(u, s, v, []float64{c})
					if u[0] != test.u[k] || s[0] != test.s[k] {
						t.Errorf("step %d: got u = %g, s = %g, want u = %g, s = %g", k+1, u[0], s[0], test.u[k], test.s[k])
					}
				}
				if v[0] != test.wantOut {
					t.Errorf("final potential: got %g, want %g", v[0], test.wantOut)
				}
			})
		}
	}
}

// TestSoftResetKeepsCount checks, on a constant input to a non-leaky
// neuron, that the soft reset's spike count encodes the input while the
// hard reset's loses the overshoot, and that ResetLoss reports what was
// lost.
func TestSoftResetKeepsCount(t *testing.T) {
	for _, test := range []struct {
		reset    Reset
		rate     float64 // spikes per step
		lossPerT float64 // (u − θ)/θ summed over spikes, per step
	}{
		// I = .75, θ = 1, λ = 1, T = 8: soft fires at u = 1.5, 1.25, 1, 1.5,
		// 1.25, 1 (six spikes in 8 steps = .75, the input in units of θ),
		// losing nothing.
		{SoftReset, 6.0 / 8, 0},
		// Hard fires at u = 1.5 every second step: 4 spikes (.5), each
		// throwing .5 away.
		{HardReset, 4.0 / 8, 4 * 0.5 / 8},
	} {
		t.Run(test.reset.String(), func(t *testing.T) {
			net := New(Config{Sizes: []int{1, 1, 1}, Hidden: Linear, Spiking: &SpikingConfig{
				Steps: 8, Decay: 1, Threshold: 1, Reset: test.reset}}, rand.New(rand.NewPCG(seed, seed)))
			net.Layers[0].W.Value[0] = 1
			net.Forward([]float64{0.75}, 1)
			if got := net.H[1][0]; got != test.rate {
				t.Errorf("rate: got %g, want %g", got, test.rate)
			}
			st := net.SpikeStats()[0]
			if st.Rate != test.rate || math.Abs(st.ResetLoss-test.lossPerT) > 1e-15 {
				t.Errorf("stats %+v, want rate %g, reset loss %g", st, test.rate, test.lossPerT)
			}
			if got := net.A[0][0]; got != 0.75 {
				t.Errorf("mean current %g, want 0.75", got)
			}
		})
	}
}

// TestMPR checks the rectifier at points computed by hand and its
// derivative against finite differences.
func TestMPR(t *testing.T) {
	for _, test := range []struct{ x, want float64 }{
		{0, 0}, {0.5, 0.5}, {1, 1},
		{-7, -1}, // 1 − 8^{1/3}
		{8, 2},   // 8^{1/3}
		// ½ − tanh(0.75)/(2 tanh(1.5)) = ½ − 0.6351490/1.8102959
		{0.25, 0.5 - 0.63514895238728730/(2*0.90514825364486640)},
	} {
		if got := MPR(test.x); math.Abs(got-test.want) > 1e-15 {
			t.Errorf("φ(%g) = %.17g, want %.17g", test.x, got, test.want)
		}
	}
	for _, x := range []float64{-3, -0.2, 0.1, 0.3, 0.5, 0.77, 0.95, 1.3, 5} {
		want := fd.Derivative(MPR, x, &fd.Settings{Formula: fd.Central})
		// 1e-7: central differences on these smooth pieces.
		if got := MPRDeriv(x); math.Abs(got-want) > 1e-7 {
			t.Errorf("φ′(%g) = %g, want %g", x, got, want)
		}
	}
	// φ pulls every potential towards the spike it becomes: the
	// quantisation error |φ(x) − H(x − ½)| never exceeds |x − H(x − ½)|.
	for x := -3.0; x <= 4; x += 0.01 {
		s := 0.0
		if x >= 0.5 {
			s = 1
		}
		if math.Abs(MPR(x)-s) > math.Abs(x-s)+1e-15 {
			t.Errorf("x = %g: rectified error %g above %g", x, math.Abs(MPR(x)-s), math.Abs(x-s))
		}
	}
}

// TestSurrogate checks that each surrogate's Deriv is the derivative of
// its Step, away from the box's corners.
func TestSurrogate(t *testing.T) {
	for _, g := range []Surrogate{{Rectangular, 1}, {Rectangular, 2.5}, {SigmoidDerivative, 1}, {SigmoidDerivative, 0.3}} {
		for _, x := range []float64{-2, -0.3, 0.01, 0.2, 0.4, 0.9, 3} {
			want := fd.Derivative(g.Step, x, &fd.Settings{Formula: fd.Central})
			if got := g.Deriv(x); math.Abs(got-want) > 1e-6 {
				t.Errorf("%v: g(%g) = %g, want %g", g, x, got, want)
			}
		}
	}
}

// TestBPTTGradient checks BackwardThroughTime against central finite
// differences (gonum's diff/fd) of the loss of the smoothed network — the
// same network with H replaced by the smooth step whose derivative is the
// surrogate — for every reset, rectifier, coding and readout.
func TestBPTTGradient(t *testing.T) {
	g := Surrogate{Shape: SigmoidDerivative, Width: 1}
	for _, reset := range []Reset{HardReset, SoftReset} {
		for _, mpr := range []bool{false, true} {
			for _, coding := range []Coding{DirectCoding, RateCoding} {
				for _, readout := range []Readout{CountReadout, PotentialReadout} {
					name := fmt.Sprintf("%s/mpr=%v/%s/%s", reset, mpr, coding, readout)
					t.Run(name, func(t *testing.T) {
						checkBPTT(t, SpikingConfig{Steps: 4, Decay: 0.6, Threshold: 0.5, Reset: reset,
							Rectify: mpr, Coding: coding, Readout: readout, Seed: 3}, g, nil)
					})
				}
			}
		}
	}
	t.Run("rect", func(t *testing.T) {
		// The ramp's corners are a measure-zero set that no potential of
		// this seed lands within a difference step of.
		checkBPTT(t, SpikingConfig{Steps: 3, Decay: 0.5, Threshold: 1, Reset: SoftReset}, Surrogate{Rectangular, 4}, nil)
	})
	t.Run("rect/mpr", func(t *testing.T) {
		checkBPTT(t, SpikingConfig{Steps: 3, Decay: 0.5, Threshold: 0.5, Reset: HardReset, Rectify: true}, Surrogate{Rectangular, 1.5}, nil)
	})
	t.Run("feedback", func(t *testing.T) {
		// With fb = W, the feedback path must give the same gradient.
		checkBPTT(t, SpikingConfig{Steps: 3, Decay: 0.5, Threshold: 1, Reset: HardReset, Rectify: true}, g,
			func(net *Net) Feedback { return func(l int) []float64 { return net.Layers[l].W.Value } })
	})
}

func checkBPTT(t *testing.T, c SpikingConfig, g Surrogate, feedback func(*Net) Feedback) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(seed, seed))
	sizes := []int{3, 5, 4, 3}
	net := New(Config{Sizes: sizes, Hidden: Tanh, Spiking: &c}, rnd)
	net.Spiking.smooth = &g
	for _, ly := range net.Layers {
		InitUniform(ly.B.Value, 0.5, rnd)
		for i := range ly.W.Value {
			ly.W.Value[i] *= 2 // potentials spread over the surrogate's range
		}
	}
	const N = 5
	x := make([]float64, N*sizes[0])
	InitUniform(x, 1, rnd)
	k := net.Outputs()
	y := make([]float64, N*k)
	for n := 0; n < N; n++ {
		y[n*k+rnd.IntN(k)] = 1
	}
	var fb Feedback
	if feedback != nil {
		fb = feedback(net)
	}
	net.Forward(x, N)
	// The premise of the check: no potential lies within a difference step
	// of a corner of the rectifier (u/2θ = 0 or 1), where φ′ jumps.
	if c.Rectify {
		for l, u := range net.Spiking.u {
			for i, v := range u[:c.Steps*N*sizes[l+1]] {
				if x := v / (2 * c.Threshold); math.Abs(x) < 1e-4 || math.Abs(x-1) < 1e-4 {
					t.Fatalf("layer %d, potential %d: u/2θ = %g sits on a corner of φ; pick other settings", l, i, x)
				}
			}
		}
	}
	net.BackwardThroughTime(y, fb, g)
	for _, p := range net.Params() {
		analytic := append([]float64(nil), p.Grad...)
		orig := append([]float64(nil), p.Value...)
		loss := func(v []float64) float64 {
			copy(p.Value, v)
			net.Forward(x, N)
			return net.LossValue(y)
		}
		numeric := fd.Gradient(nil, loss, orig, &fd.Settings{Formula: fd.Central})
		copy(p.Value, orig)
		// 1e-6, as for the rate networks: central differences on a smooth
		// loss are accurate to about 1e-8.
		if !floats.EqualApprox(analytic, numeric, 1e-6) {
			t.Errorf("%s: got %v, want %v", p.Name, analytic, numeric)
		}
	}
}

// TestSpikingDeterministic checks that rate coding gives the same spikes
// for the same input and Noise, different ones for another Noise, and
// spike rates close to |x|.
func TestSpikingDeterministic(t *testing.T) {
	c := SpikingConfig{Steps: 200, Decay: 0.5, Threshold: 0.5, Coding: RateCoding, Seed: 7}
	net := New(Config{Sizes: []int{3, 4, 2}, Spiking: &c}, rand.New(rand.NewPCG(seed, seed)))
	x := []float64{0.3, -0.8, 0}
	net.Forward(x, 1)
	a := net.SpikeTrace(0)
	net.Forward(x, 1)
	b := net.SpikeTrace(0)
	net.Spiking.Noise++
	net.Forward(x, 1)
	d := net.SpikeTrace(0)
	same, differ := true, false
	sum := make([]float64, 3)
	for step := range a.Input {
		same = same && floats.Equal(a.Input[step], b.Input[step])
		differ = differ || !floats.Equal(a.Input[step], d.Input[step])
		floats.Add(sum, a.Input[step])
	}
	if !same || !differ {
		t.Errorf("same Noise gives the same spikes: %v; another Noise other spikes: %v", same, differ)
	}
	// 0.1: four standard deviations of a mean of 200 draws.
	for j, v := range sum {
		if got := v / 200; math.Abs(got-x[j]) > 0.1 {
			t.Errorf("input %d: mean spike %g, want about %g", j, got, x[j])
		}
	}
}

// TestSpikingChunks checks that a Forward longer than the traces are
// kept for gives the same outputs as row-by-row forwards.
func TestSpikingChunks(t *testing.T) {
	c := SpikingConfig{Steps: 3, Decay: 0.5, Threshold: 0.5, Reset: SoftReset, Coding: RateCoding, Seed: 1}
	rnd := rand.New(rand.NewPCG(seed, seed))
	net := New(Config{Sizes: []int{2, 6, 3}, Spiking: &c}, rnd)
	N := traceRows + 37
	x := make([]float64, 2*N)
	InitUniform(x, 1, rnd)
	net.Forward(x, N)
	all := append([]float64(nil), net.Output()...)
	for _, n := range []int{0, traceRows - 1, traceRows, N - 1} {
		net.Forward(x[2*n:2*n+2], 1)
		if !floats.Equal(net.Output(), all[3*n:3*n+3]) {
			t.Errorf("row %d: got %v alone, %v in the batch", n, net.Output(), all[3*n:3*n+3])
		}
	}
}

// TestSpikingStepAllocs checks that a spiking forward and BPTT pass do not
// allocate.
func TestSpikingStepAllocs(t *testing.T) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	c := SpikingConfig{Steps: 4, Decay: 0.5, Threshold: 0.5, Coding: RateCoding, Rectify: true}
	net := New(Config{Sizes: []int{2, 16, 16, 2}, Spiking: &c}, rnd)
	x := make([]float64, 32*2)
	y := make([]float64, 32*2)
	InitUniform(x, 1, rnd)
	net.Reserve(32)
	allocs := testing.AllocsPerRun(10, func() {
		net.Forward(x, 32)
		net.Backward(y, nil)
	})
	if allocs != 0 {
		t.Errorf("got %v allocations per step, want 0", allocs)
	}
}

func benchmarkSpikingStep(b *testing.B, sizes []int, batch int, c SpikingConfig) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	net := New(Config{Sizes: sizes, Spiking: &c}, rnd)
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

func BenchmarkSpikingStepSpiral2x16x16x2Batch16T4(b *testing.B) {
	benchmarkSpikingStep(b, []int{2, 16, 16, 2}, 16, SpikingConfig{Steps: 4, Decay: 0.5, Threshold: 0.5, Reset: SoftReset})
}

func BenchmarkSpikingStepSpiralMPRT8(b *testing.B) {
	benchmarkSpikingStep(b, []int{2, 16, 16, 2}, 16, SpikingConfig{Steps: 8, Decay: 0.5, Threshold: 0.5, Reset: SoftReset, Rectify: true})
}

func BenchmarkSpikingStepMNIST784x128x10Batch32T8(b *testing.B) {
	benchmarkSpikingStep(b, []int{784, 128, 10}, 32, SpikingConfig{Steps: 8, Decay: 0.5, Threshold: 0.5, Reset: SoftReset, Coding: RateCoding})
}

func BenchmarkSpikingForwardMNIST784x128x10Batch256T8(b *testing.B) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	net := New(Config{Sizes: []int{784, 128, 10}, Spiking: &SpikingConfig{Steps: 8, Decay: 0.5, Threshold: 0.5, Coding: RateCoding}}, rnd)
	x := make([]float64, 256*784)
	InitUniform(x, 1, rnd)
	for b.Loop() {
		net.Forward(x, 256)
	}
	b.ReportMetric(float64(b.N*256)/b.Elapsed().Seconds(), "samples/s")
}
