// Package probe holds the metrics the playground measures: loss, accuracy,
// angles between matrices and between updates, sparsity, and the named,
// per-layer Metric values that rules and runs report.
//
// The package must not import go-app or syscall/js.
package probe
