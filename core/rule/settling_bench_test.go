package rule_test

import "testing"

// Benchmarks of the settling and perturbation rules (issue 6): one Step on
// seeded random data with the rule's defaults, for the spiral's 2-16-16-2
// network with batch 16 and an MNIST-sized 784-128-10 network with batch 32
// (benchmarkRule, feedback_bench_test.go). Their cost is mostly the
// settling: compare with BenchmarkFeedbackAlignment*, one forward and one
// backward pass.

func BenchmarkPredictiveCodingSpiral(b *testing.B) { benchmarkRule(b, "pc", "", spiralSizes, 16) }
func BenchmarkPredictiveCodingMNIST(b *testing.B)  { benchmarkRule(b, "pc", "", mnistSizes, 32) }
func BenchmarkInferenceLearningSpiral(b *testing.B) {
	benchmarkRule(b, "il", "", spiralSizes, 16)
}
func BenchmarkInferenceLearningMNIST(b *testing.B) { benchmarkRule(b, "il", "", mnistSizes, 32) }
func BenchmarkInferenceLearningProxSpiral(b *testing.B) {
	benchmarkRule(b, "il-prox", "", spiralSizes, 16)
}
func BenchmarkInferenceLearningProxMNIST(b *testing.B) {
	benchmarkRule(b, "il-prox", "", mnistSizes, 32)
}
func BenchmarkContrastiveHebbianSpiral(b *testing.B) { benchmarkRule(b, "chl", "", spiralSizes, 16) }
func BenchmarkContrastiveHebbianMNIST(b *testing.B)  { benchmarkRule(b, "chl", "", mnistSizes, 32) }
func BenchmarkEquilibriumPropagationSpiral(b *testing.B) {
	benchmarkRule(b, "ep", "", spiralSizes, 16)
}
func BenchmarkEquilibriumPropagationMNIST(b *testing.B) { benchmarkRule(b, "ep", "", mnistSizes, 32) }
func BenchmarkEquilibriumPropagationRandomSpiral(b *testing.B) {
	benchmarkRule(b, "ep", "schedule=random", spiralSizes, 16)
}
func BenchmarkWeightPerturbationSpiral(b *testing.B) { benchmarkRule(b, "wp", "", spiralSizes, 16) }
func BenchmarkWeightPerturbationMNIST(b *testing.B)  { benchmarkRule(b, "wp", "", mnistSizes, 32) }
func BenchmarkNodePerturbationSpiral(b *testing.B)   { benchmarkRule(b, "np", "", spiralSizes, 16) }
func BenchmarkNodePerturbationMNIST(b *testing.B)    { benchmarkRule(b, "np", "", mnistSizes, 32) }
