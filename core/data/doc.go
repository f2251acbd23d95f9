// Package data holds the datasets: a registry of generators, one file per
// dataset, each deterministic given its random source.
//
// A Set stores its examples row-major: X is N×Dim, Y is N×Outputs (one-hot
// for classification, the target values for regression) and Labels holds
// each example's class. Two-dimensional sets live in the square [−1, 1]²,
// the plane the playground draws.
//
// The image sets mnist and mnist14 (mnist.go) hold real data that arrives
// after start-up: the page fetches web/mnist and calls SetMNIST, native
// programs call LoadMNISTFiles; until then Info.Ready reports
// ErrMNISTNotLoaded. A run draws its training set from the training split
// and its test set from the test split (Params.Split).
//
// The package must not import go-app or syscall/js.
package data
