package rule_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/rule"
	"plasticity/core/run"
)

// spikingXOR is the base of the spiking tests: bptt's suggested settings
// without the reset, which the tests choose.
const spikingXOR = "rule=bptt&data=xor&epochs=300&neuron=lif&lr=0.01"

// TestSpikingXOR checks that a spiking MLP learns XOR (test accuracy ≥ 0.9
// after 300 epochs, seed 1) with every reset, with the rectifier, with the
// potential readout and with the box surrogate.
func TestSpikingXOR(t *testing.T) {
	for _, keys := range []string{
		"snn.reset=hard",
		"snn.reset=soft",
		"snn.reset=soft&snn.mpr=1",
		"snn.reset=soft&snn.readout=potential",
		"snn.reset=soft&bptt.surrogate=rect",
	} {
		t.Run(keys, func(t *testing.T) {
			r := newRun(t, spikingXOR+"&"+keys)
			trainToEnd(t, r)
			if m := r.Metrics(); !(m.TestAcc >= 0.9) {
				t.Errorf("test accuracy %.3f, want ≥ 0.9", m.TestAcc)
			}
		})
	}
}

// TestSpikingResets trains the spiral with the vanilla hard reset and with
// Guo et al.'s soft reset and rectifier, on the same budget and seed: the
// soft reset with the rectifier must reach at least the accuracy of the
// hard reset, with a smaller quantisation error in every layer and no
// potential lost to resets.
//
// Measured (seed 1, 300 epochs, the sigmoid surrogate): hard 0.940, soft
// with the rectifier 0.980. Over seeds 1–5 the means are 0.948 (hard),
// 0.966 (soft), 0.894 (hard with the rectifier) and 0.942 (soft with the
// rectifier): the soft reset helps; the rectifier shrinks the quantisation
// error about fivefold but does not, on this task, raise the accuracy.
func TestSpikingResets(t *testing.T) {
	const base = "rule=bptt&data=spiral&hidden=16,16&epochs=300&neuron=lif&lr=0.01"
	type result struct {
		acc                float64
		quant, rate, reset []float64
	}
	measure := func(keys string) result {
		r := newRun(t, base+"&"+keys)
		trainToEnd(t, r)
		res := result{acc: r.Metrics().TestAcc}
		for _, p := range r.Probes() {
			switch p.Key {
			case "quant_error":
				res.quant = p.Values
			case "firing_rate":
				res.rate = p.Values
			case "reset_loss":
				res.reset = p.Values
			}
		}
		t.Logf("%s: test accuracy %.3f, firing rate %.3f, quantisation error %.3f, reset loss %.3f", keys, res.acc, res.rate, res.quant, res.reset)
		return res
	}
	hard := measure("snn.reset=hard")
	soft := measure("snn.reset=soft&snn.mpr=1")
	if !(soft.acc >= hard.acc) {
		t.Errorf("soft reset with the rectifier: test accuracy %.3f, below the hard reset's %.3f", soft.acc, hard.acc)
	}
	for l := range 2 {
		if !(soft.quant[l] < hard.quant[l]) {
			t.Errorf("layer %d: quantisation error %.3f with soft reset and rectifier, not below the hard reset's %.3f", l, soft.quant[l], hard.quant[l])
		}
		if !(soft.reset[l] == 0 && hard.reset[l] > 0) {
			t.Errorf("layer %d: potential lost to resets: soft %g, hard %g; want 0 and > 0", l, soft.reset[l], hard.reset[l])
		}
	}
}

// TestBPTTRefusesRateUnits checks that bptt refuses a network of ordinary
// units with an error naming neuron=lif, from run.New and from the rule's
// own New, instead of silently training something else.
func TestBPTTRefusesRateUnits(t *testing.T) {
	e := run.Default()
	e.Rule = "bptt"
	if _, err := run.New(e); err == nil || !strings.Contains(err.Error(), "neuron=lif") {
		t.Errorf("run.New: got %v, want an error naming neuron=lif", err)
	}
	info, _ := rule.Lookup("bptt")
	net := nn.New(nn.Config{Sizes: []int{2, 4, 2}}, rand.New(rand.NewPCG(1, 1)))
	defer func() {
		if p := recover(); p == nil || !strings.Contains(p.(string), "neuron=lif") {
			t.Errorf("New on ordinary units: got %v, want a panic naming neuron=lif", p)
		}
	}()
	info.New(net, info.Defaults(), rand.New(rand.NewPCG(1, 1)))
}

// TestBPTTIsBackpropOnSpikes checks that bptt at its defaults gives the
// same update as backprop (nn.Net.Backward) on the same spiking network:
// the reference of its update-angle probe.
func TestBPTTIsBackpropOnSpikes(t *testing.T) {
	r := newRun(t, "rule=bptt&snn.coding=rate&snn.reset=soft")
	b := dataBatch(r)
	r.Net.Forward(b.X, b.N)
	r.Net.Backward(b.Y, nil)
	want := make([][]float64, len(r.Net.Params()))
	for i, p := range r.Net.Params() {
		want[i] = append([]float64(nil), p.Grad...)
	}
	noise := r.Net.Spiking.Noise
	r.Rule.Step(b)
	for i, p := range r.Net.Params() {
		for j, g := range p.Grad {
			if g != want[i][j] {
				t.Fatalf("%s[%d]: bptt %g, backprop %g", p.Name, j, g, want[i][j])
			}
		}
	}
	if r.Net.Spiking.Noise != noise+1 {
		t.Errorf("Step left the noise at %d, want %d", r.Net.Spiking.Noise, noise+1)
	}
}

func trainToEnd(t *testing.T, r *run.Run) {
	t.Helper()
	for r.State() == run.Ready {
		r.Step()
	}
	if r.State() != run.Finished {
		t.Fatalf("state %s: %s", r.State(), r.Message())
	}
}

// BenchmarkSurrogateBPTT* time one bptt Step (T = 4 and 8 steps; the
// MNIST-sized net with rate-coded input) on seeded random data.
func BenchmarkSurrogateBPTTSpiral(b *testing.B) {
	benchmarkSpiking(b, spiralSizes, 16, nn.SpikingConfig{Steps: 4, Decay: 0.5, Threshold: 0.5, Reset: nn.SoftReset})
}
func BenchmarkSurrogateBPTTSpiralMPR(b *testing.B) {
	benchmarkSpiking(b, spiralSizes, 16, nn.SpikingConfig{Steps: 4, Decay: 0.5, Threshold: 0.5, Reset: nn.SoftReset, Rectify: true})
}
func BenchmarkSurrogateBPTTMNIST(b *testing.B) {
	benchmarkSpiking(b, mnistSizes, 32, nn.SpikingConfig{Steps: 8, Decay: 0.5, Threshold: 0.5, Reset: nn.SoftReset, Coding: nn.RateCoding})
}

func benchmarkSpiking(b *testing.B, sizes []int, N int, c nn.SpikingConfig) {
	info, _ := rule.Lookup("bptt")
	rnd := rand.New(rand.NewPCG(1, 1))
	net := nn.New(nn.Config{Sizes: sizes, Spiking: &c}, rnd)
	in, out := sizes[0], sizes[len(sizes)-1]
	batch := &data.Batch{X: make([]float64, N*in), Y: make([]float64, N*out), N: N, Dim: in, Outputs: out}
	for i := range batch.X {
		batch.X[i] = rnd.Float64()
	}
	for n := 0; n < N; n++ {
		batch.Y[n*out+rnd.IntN(out)] = 1
	}
	r := info.New(net, info.Defaults(), rnd)
	for b.Loop() {
		r.Step(batch)
	}
	b.ReportMetric(float64(b.N*N)/b.Elapsed().Seconds(), "samples/s")
}
