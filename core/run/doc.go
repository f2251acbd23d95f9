// Package run turns an Experiment (the shareable description of a run, the
// link) into a Run that trains step by step and reports what happened:
// Status, History and Snapshot are plain values with no browser types, so the
// same run trains in the page, in `plasticity run` and in tests.
//
// # Determinism
//
// One seed drives everything, through separate named streams (see Stream):
// "data/train" and "data/test" generate the data ("data/split" splits
// the user's own, owndata.go), "init" the forward
// weights, "rule" whatever the rule draws (feedback matrices, noise),
// "batches" the order of the examples, and, for links that ask for them,
// "shift" the input shift's noise or permutation (shift.go), "hlop" the
// initial subspace neurons of HLOP (hlop.go), "spikes" the seed of a
// spiking network's rate coding (spiking.go) and "active" the order in
// which active learning labels the pool at random (active.go). Two runs that differ only in
// the rule therefore see the same data, the same initial forward weights
// and the same batches. The same link gives the same numbers, step for step.
//
// The numbers are the same bit for bit in the browser (WebAssembly) and
// on the command line (amd64), as TestDigest checks against
// testdata/digest.golden under both. What makes it so: every
// transcendental function of training goes through core/nn/mathfn.go,
// plain-Go ports of fdlibm's exp and log and Cephes's tanh (the standard
// library's math.Exp runs assembly on amd64 and arm64, whose results differ
// from the portable code in the last bit, and on amd64 even depend on
// whether the processor has FMA); the rest is +, −, ×, ÷ and √, which IEEE
// 754 rounds the same everywhere, and math.Pow with whole exponents,
// Sin, Cos, Acos, Frexp, Cbrt and Atanh, which are plain Go on both. The
// guarantee has one condition: the compiler must not fuse a multiplication
// and an addition into one FMA instruction, which the Go specification
// allows.
// It does not for WebAssembly nor for amd64 at the default GOAMD64=v1, but
// it does at GOAMD64=v3 and on arm64, ppc64 and s390x, where a native
// build may differ from the browser in the last bits (measured: with
// GOAMD64=v3 the multi-gauss digest differs). gonum, which computes a few
// probes (the principal components of Oja's and Sanger's angles), runs
// assembly on amd64 and arm64 whose sums round otherwise than its portable
// Go: the Makefile builds and tests with -tags=noasm, which makes gonum use
// the portable code that WebAssembly runs (a plain go build gives those
// probes' last bits otherwise; TestDigest's hebb link shows it). Random draws are integer
// arithmetic (PCG) and identical everywhere; NormFloat64 compares a float32
// rounding of math.Exp in its rejection step, which could in principle
// differ between the two math.Exp implementations and has not been seen to.
//
// A comparison (CompareSpec, Comparison) runs several experiments that
// differ only in the rule and its training settings; each of its runs gives
// the same numbers as the same experiment run alone.
//
// In the browser the runs train in Web Workers, and the page's replicas
// adopt their state (Run.Export, Run.Adopt) through the messages of
// protocol.go, which describes the conversation; Run.Digest lets tests
// check that a run gives the same bits there, on the page and natively.
//
// The package must not import go-app or syscall/js.
package run
