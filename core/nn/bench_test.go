package nn_test

import (
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"

	"plasticity/core/data"
	"plasticity/core/nn"
)

// The MNIST benchmarks: workload W1 of ../shared/bench (784-128-10, ReLU,
// softmax cross-entropy, plain SGD at η = 0.05, batches of 32). Each reports
// training samples per second; a training step allocates nothing. The whole
// Run.Step is BenchmarkMNISTStep in core/run.
//
//	go test -run '^$' -bench MNIST ./core/nn ./core/run
//	GOOS=js GOARCH=wasm go test -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run '^$' -bench MNIST ./core/nn ./core/run

const (
	benchBatch = 32
	// mnistDensity is the share of nonzero pixels in MNIST's training
	// images (19 %), the density of the random stand-in.
	mnistDensity = 0.19
)

var loadMNIST = sync.OnceValue(func() error {
	return data.LoadMNISTFiles(filepath.Join("..", "..", "web", "mnist"))
})

// BenchmarkMNISTBackprop is the bare training step, comparable with the
// peers of ../shared/bench: Forward, Backward and SGD on batches of MNIST
// (or, without the asset, random images with MNIST's density of nonzero
// pixels), cycling through 10,000 examples.
func BenchmarkMNISTBackprop(b *testing.B) {
	rnd := rand.New(rand.NewPCG(1, 1))
	const n = 10000
	x, y := make([]float64, n*784), make([]float64, n*10)
	if loadMNIST() == nil {
		info, _ := data.Lookup("mnist")
		s := info.Generate(n, data.Params{}, rnd)
		copy(x, s.X)
		copy(y, s.Y)
	} else {
		for i := range x {
			if rnd.Float64() < mnistDensity {
				x[i] = rnd.Float64()
			}
		}
		for i := 0; i < n; i++ {
			y[i*10+rnd.IntN(10)] = 1
		}
	}
	net := nn.New(nn.Config{Sizes: []int{784, 128, 10}, Hidden: nn.ReLU, Loss: nn.CrossEntropy}, rnd)
	opt := &nn.Optimizer{Method: nn.SGD, LearningRate: 0.05}
	params := net.Params()
	step := func(i int) {
		x := x[i*benchBatch*784 : (i+1)*benchBatch*784]
		y := y[i*benchBatch*10 : (i+1)*benchBatch*10]
		net.Forward(x, benchBatch)
		net.Backward(y, nil)
		opt.Step(params)
	}
	step(0)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i = (i + 1) % (n / benchBatch)
		step(i)
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "samples/s")
}
