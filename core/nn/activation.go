package nn

import (
	"fmt"
	"math"
)

// Activation is an element-wise nonlinearity f with its derivative.
type Activation int

// The activations a hidden layer can use. Their keys appear in links.
const (
	Tanh Activation = iota
	ReLU
	LeakyReLU
	Sigmoid
	Linear
)

var activationKeys = [...]string{
	Tanh:      "tanh",
	ReLU:      "relu",
	LeakyReLU: "leakyrelu",
	Sigmoid:   "sigmoid",
	Linear:    "linear",
}

// LeakySlope is the slope of LeakyReLU for negative inputs.
const LeakySlope = 0.01

// ActivationKeys returns the link keys of all activations, in order.
func ActivationKeys() []string { return activationKeys[:] }

// ParseActivation returns the activation whose key is s.
func ParseActivation(s string) (Activation, error) {
	for i, k := range activationKeys {
		if k == s {
			return Activation(i), nil
		}
	}
	return 0, fmt.Errorf("unknown activation %q (want one of %v)", s, activationKeys)
}

// String returns the activation's link key.
func (f Activation) String() string {
	if f < 0 || int(f) >= len(activationKeys) {
		return fmt.Sprintf("Activation(%d)", int(f))
	}
	return activationKeys[f]
}

// At returns f(a).
func (f Activation) At(a float64) float64 {
	switch f {
	case Tanh:
		return tanh(a)
	case ReLU:
		return math.Max(a, 0)
	case LeakyReLU:
		if a < 0 {
			return LeakySlope * a
		}
		return a
	case Sigmoid:
		return Logistic(a)
	}
	return a
}

// Deriv returns f'(a) given the pre-activation a and the output h = f(a);
// each activation uses whichever is cheaper.
func (f Activation) Deriv(a, h float64) float64 {
	switch f {
	case Tanh:
		return 1 - h*h
	case ReLU:
		if a > 0 {
			return 1
		}
		return 0
	case LeakyReLU:
		if a > 0 {
			return 1
		}
		return LeakySlope
	case Sigmoid:
		return h * (1 - h)
	}
	return 1
}

// Apply sets h[i] = f(a[i]).
func (f Activation) Apply(h, a []float64) {
	h = h[:len(a)]
	switch f {
	case Tanh:
		for i, v := range a {
			h[i] = tanh(v)
		}
	case ReLU:
		for i, v := range a {
			if v > 0 {
				h[i] = v
			} else {
				h[i] = 0
			}
		}
	case LeakyReLU:
		for i, v := range a {
			if v > 0 {
				h[i] = v
			} else {
				h[i] = LeakySlope * v
			}
		}
	case Sigmoid:
		for i, v := range a {
			h[i] = Logistic(v)
		}
	default:
		copy(h, a)
	}
}

// MulDeriv sets d[i] *= f'(a[i]), given a and h = f(a).
func (f Activation) MulDeriv(d, a, h []float64) {
	a = a[:len(d)]
	h = h[:len(d)]
	switch f {
	case Tanh:
		for i, v := range h {
			d[i] *= 1 - v*v
		}
	case ReLU:
		for i, v := range a {
			if v <= 0 {
				d[i] = 0
			}
		}
	case LeakyReLU:
		for i, v := range a {
			if v <= 0 {
				d[i] *= LeakySlope
			}
		}
	case Sigmoid:
		for i, v := range h {
			d[i] *= v * (1 - v)
		}
	}
}

// Logistic returns σ(x) = 1/(1+e^(−x)), computed without overflow.
func Logistic(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + Exp(-x))
	}
	e := Exp(x)
	return e / (1 + e)
}
