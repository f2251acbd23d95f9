package run

import "testing"

// BenchmarkMNISTStep is what the page runs for workload W1 of
// ../shared/bench (784-128-10 ReLU, softmax cross-entropy, SGD at η = 0.05,
// batches of 32): Run.Step of backprop on the MNIST asset, with everything a
// step does — the update-angle probe every 8 steps, the divergence check,
// the optimizer, and at each epoch's end (every 313 steps) the evaluation
// of the 12,000 training and test images and the probes. It reports
// training samples per second (core/nn's BenchmarkMNISTBackprop is the bare
// forward, backward and SGD).
//
//	go test -run '^$' -bench MNIST ./core/run
//	GOOS=js GOARCH=wasm go test -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run '^$' -bench MNIST ./core/run
func BenchmarkMNISTStep(b *testing.B) {
	needMNIST(b)
	r := mustRun(b, "rule=bp&data=mnist&hidden=128&act=relu&opt=sgd&lr=0.05&batch=32&train=10000&test=2000")
	r.Step() // the first step sizes the optimizer's state
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*32)/b.Elapsed().Seconds(), "samples/s")
}
