// Package nn is the network: dense layers, activations, losses,
// initialisers, optimizers and the math kernels they run on.
//
// Notation follows RULES.md §0: weight layer l maps h_{l-1} ∈ R^{n_{l-1}} to
// a_l = W_l h_{l-1} + b_l and h_l = f_l(a_l). W_l is stored row-major with
// n_l rows and n_{l-1} columns, so row j holds the incoming weights of unit j.
// Layers are indexed from 0 in code: Layers[0] is W_1.
//
// A batch is a row-major matrix with one example per row. Every buffer that
// a training step needs is allocated once, when the network is made or the
// batch capacity grows, so a training step does not allocate.
//
// All hot loops live in kernel.go, in one place, so that they can be tuned
// (and measured with the benchmarks) without touching the rest.
//
// The package must not import go-app or syscall/js: it runs natively, in
// tests, and in the browser alike.
package nn
