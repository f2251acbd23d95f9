package rule_test

import (
	"math/rand/v2"
	"testing"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/rule"
	"plasticity/core/run"
)

// Benchmarks of the feedback family: one Step (and the rule's AfterStep,
// where it has one: the mirror phase, the decay) on seeded random data, for
// the spiral's 2-16-16-2 network with batch 16 and an MNIST-sized
// 784-128-10 network with batch 32. The optimizer is left out: it costs the
// same for every rule with the same parameters.

var (
	spiralSizes = []int{2, 16, 16, 2}
	mnistSizes  = []int{784, 128, 10}
)

func BenchmarkFeedbackAlignmentSpiral(b *testing.B) { benchmarkRule(b, "fa", "", spiralSizes, 16) }
func BenchmarkFeedbackAlignmentMNIST(b *testing.B)  { benchmarkRule(b, "fa", "", mnistSizes, 32) }
func BenchmarkDirectFeedbackAlignmentSpiral(b *testing.B) {
	benchmarkRule(b, "dfa", "", spiralSizes, 16)
}
func BenchmarkDirectFeedbackAlignmentMNIST(b *testing.B) { benchmarkRule(b, "dfa", "", mnistSizes, 32) }
func BenchmarkSignSymmetrySpiral(b *testing.B)           { benchmarkRule(b, "sign", "", spiralSizes, 16) }
func BenchmarkSignSymmetryMNIST(b *testing.B)            { benchmarkRule(b, "sign", "", mnistSizes, 32) }
func BenchmarkSignSymmetryBatchRandomSpiral(b *testing.B) {
	benchmarkRule(b, "sign", "variant=brsf", spiralSizes, 16)
}
func BenchmarkSignSymmetryBatchRandomMNIST(b *testing.B) {
	benchmarkRule(b, "sign", "variant=brsf", mnistSizes, 32)
}
func BenchmarkKolenPollackSpiral(b *testing.B) { benchmarkRule(b, "kp", "", spiralSizes, 16) }
func BenchmarkKolenPollackMNIST(b *testing.B)  { benchmarkRule(b, "kp", "", mnistSizes, 32) }
func BenchmarkWeightMirrorSpiral(b *testing.B) { benchmarkRule(b, "wm", "", spiralSizes, 16) }
func BenchmarkWeightMirrorMNIST(b *testing.B)  { benchmarkRule(b, "wm", "", mnistSizes, 32) }
func BenchmarkProductFeedbackAlignmentSpiral(b *testing.B) {
	benchmarkRule(b, "pfa", "", spiralSizes, 16)
}
func BenchmarkProductFeedbackAlignmentMNIST(b *testing.B) {
	benchmarkRule(b, "pfa", "", mnistSizes, 32)
}

// benchmarkRule times rule key, with its defaults and the one override
// "param=value" if given, on a tanh network of the given sizes and a batch
// of N random examples.
func benchmarkRule(b *testing.B, key, override string, sizes []int, N int) {
	info, ok := rule.Lookup(key)
	if !ok {
		b.Fatalf("no rule %q", key)
	}
	h := info.Defaults()
	if override != "" {
		// Through a link, so that choices read by name.
		e, err := run.Decode("rule=" + key + "&" + key + "." + override)
		if err != nil {
			b.Fatal(err)
		}
		h = e.RuleHyper()
	}
	const seed = 1
	rnd := rand.New(rand.NewPCG(seed, seed))
	net := nn.New(nn.Config{Sizes: sizes, Hidden: nn.Tanh, Loss: nn.CrossEntropy}, rnd)
	in, out := sizes[0], sizes[len(sizes)-1]
	batch := &data.Batch{X: make([]float64, N*in), Y: make([]float64, N*out), N: N, Dim: in, Outputs: out}
	for i := range batch.X {
		batch.X[i] = rnd.Float64()
	}
	for n := 0; n < N; n++ {
		batch.Y[n*out+rnd.IntN(out)] = 1
	}
	r := info.New(net, h, rand.New(rand.NewPCG(seed, seed+1)))
	after, _ := r.(rule.AfterStepper)
	for b.Loop() {
		r.Step(batch)
		if after != nil {
			after.AfterStep(batch)
		}
	}
}
