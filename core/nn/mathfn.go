package nn

import "math"

// The transcendental functions every rule uses go through this file, so
// that one implementation serves native and WebAssembly builds alike.
// (The standard library's math.Exp uses assembly on amd64 and pure Go under
// WebAssembly; see the determinism note in core/run/doc.go.)

// Exp returns eˣ.
func Exp(x float64) float64 { return math.Exp(x) }

// Log returns the natural logarithm of x.
func Log(x float64) float64 { return math.Log(x) }

// tanh returns the hyperbolic tangent of x.
func tanh(x float64) float64 { return math.Tanh(x) }

// sqrt returns √x.
func sqrt(x float64) float64 { return math.Sqrt(x) }
