// Package data holds the datasets: a registry of generators, one file per
// dataset, each deterministic given its random source.
//
// A Set stores its examples row-major: X is N×Dim, Y is N×Outputs (one-hot
// for classification, the target values for regression) and Labels holds
// each example's class. Two-dimensional sets live in the square [−1, 1]²,
// the plane the playground draws.
//
// The package must not import go-app or syscall/js.
package data
