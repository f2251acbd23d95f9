// Package run turns an Experiment (the shareable description of a run, the
// link) into a Run that trains step by step and reports what happened:
// Status, History and Snapshot are plain values with no browser types, so the
// same run trains in the page, in `plasticity run` and in tests.
//
// # Determinism
//
// One seed drives everything, through separate named streams (see Stream):
// "data/train" and "data/test" generate the data, "init" the forward
// weights, "rule" whatever the rule draws (feedback matrices, noise), and
// "batches" the order of the examples. Two runs that differ only in the rule
// therefore see the same data, the same initial forward weights and the
// same batches. The same link gives the same numbers, step for step.
//
// The package must not import go-app or syscall/js.
package run
