// Package rule holds the learning rules: a small interface, a registry, and
// one file per rule that registers itself from init, the way image/png
// registers its format.
//
// A rule decides what goes into the gradient buffers (Grad) of the
// parameters it trains; the run then applies one optimizer to all of them,
// so that every rule is compared under the same optimizer (RULES.md §1.3).
// Abilities beyond that are optional interfaces that the run, the probes
// and the page test for: Predictor, Feedbacker, Prober, ParamOwner,
// AfterStepper. Each says what happens when a rule does not implement it.
//
// Adding a rule is adding a file: write a type with a Step method, and in
// init call Register with its Info (key, title, citation, summary,
// equation, hyperparameters, constructor). The conformance test in
// rule_test.go then checks it like every other rule.
//
// The package must not import go-app or syscall/js.
package rule
