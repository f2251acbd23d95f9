package data_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"plasticity/core/data"
)

// The page fetches the two asset files (fetch("/web/mnist/" +
// data.MNISTTrainFile) and the test file), copies the bytes into Go, gzipped
// as served or already inflated by a DecompressionStream, and hands them to
// SetMNIST. From then on the MNIST datasets are ready.
func ExampleSetMNIST() {
	dir := filepath.Join("..", "..", "web", "mnist")
	train, err := os.ReadFile(filepath.Join(dir, data.MNISTTrainFile))
	if err != nil {
		fmt.Println(err)
		return
	}
	test, err := os.ReadFile(filepath.Join(dir, data.MNISTTestFile))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := data.SetMNIST(train, test); err != nil {
		fmt.Println(err)
		return
	}
	info, _ := data.Lookup("mnist14")
	s := info.Generate(5, data.Params{Split: data.TestSplit}, rand.New(rand.NewPCG(1, 1)))
	fmt.Println(info.CheckReady(), s.N, s.Dim, s.Classes)
	// Output: <nil> 5 196 10
}
