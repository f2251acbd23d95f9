package nn

import (
	"fmt"
	"math"
)

// Method names an optimizer. Its keys appear in links.
type Method int

const (
	// SGD is W ← W − η g.
	SGD Method = iota
	// Momentum is v ← μv + g; W ← W − η v (PyTorch's convention, RULES.md §1.3).
	Momentum
	// Adam is Kingma & Ba (2015) with bias correction.
	Adam
)

var methodKeys = [...]string{SGD: "sgd", Momentum: "momentum", Adam: "adam"}

// MethodKeys returns the link keys of the optimizers.
func MethodKeys() []string { return methodKeys[:] }

// ParseMethod returns the optimizer whose key is s.
func ParseMethod(s string) (Method, error) {
	for i, k := range methodKeys {
		if k == s {
			return Method(i), nil
		}
	}
	return 0, fmt.Errorf("unknown optimizer %q (want one of %v)", s, methodKeys)
}

func (m Method) String() string { return methodKeys[m] }

// Optimizer applies the gradients held in parameters' Grad buffers. The
// same optimizer serves every rule: rules only decide what goes into Grad
// (RULES.md §1.3), so their update magnitudes stay comparable.
type Optimizer struct {
	Method       Method
	LearningRate float64
	Momentum     float64 // μ for Momentum; 0.9 if zero
	Beta1, Beta2 float64 // Adam's decay rates; 0.9 and 0.999 if zero
	Epsilon      float64 // Adam's ε; 1e-8 if zero
	L1, L2       float64 // penalties on parameters with Decay set

	state map[*Param]*paramState
	t     int // Adam's step count
}

type paramState struct{ m, v []float64 }

// Step updates every parameter from its Grad. L1 and L2 add λ₁·sign(W) and
// λ₂·W to the gradient of decaying parameters (coupled decay).
func (o *Optimizer) Step(params []*Param) {
	if o.state == nil {
		o.state = make(map[*Param]*paramState)
	}
	mu := o.Momentum
	if mu == 0 {
		mu = 0.9
	}
	b1, b2, eps := o.Beta1, o.Beta2, o.Epsilon
	if b1 == 0 {
		b1 = 0.9
	}
	if b2 == 0 {
		b2 = 0.999
	}
	if eps == 0 {
		eps = 1e-8
	}
	o.t++
	// Adam's bias corrections 1−β₁ᵗ and 1−β₂ᵗ.
	c1 := 1 - math.Pow(b1, float64(o.t))
	c2 := 1 - math.Pow(b2, float64(o.t))
	lr := o.LearningRate
	for _, p := range params {
		s := o.state[p]
		if s == nil {
			s = &paramState{}
			if o.Method != SGD {
				s.m = make([]float64, len(p.Value))
			}
			if o.Method == Adam {
				s.v = make([]float64, len(p.Value))
			}
			o.state[p] = s
		}
		l1, l2 := 0.0, 0.0
		if p.Decay {
			l1, l2 = o.L1, o.L2
		}
		w, g := p.Value, p.Grad[:len(p.Value)]
		if l1 == 0 && l2 == 0 { // the usual case, without the penalty terms (kernel.go)
			switch o.Method {
			case SGD:
				SGDStep(w, g, lr)
			case Momentum:
				MomentumStep(w, g, s.m, mu, lr)
			case Adam:
				AdamStep(w, g, s.m, s.v, b1, b2, c1, c2, eps, lr)
			}
			continue
		}
		switch o.Method {
		case SGD:
			for i, gi := range g {
				gi += l2*w[i] + l1*sign(w[i])
				w[i] -= lr * gi
			}
		case Momentum:
			m := s.m[:len(w)]
			for i, gi := range g {
				gi += l2*w[i] + l1*sign(w[i])
				m[i] = mu*m[i] + gi
				w[i] -= lr * m[i]
			}
		case Adam:
			m, v := s.m[:len(w)], s.v[:len(w)]
			for i, gi := range g {
				gi += l2*w[i] + l1*sign(w[i])
				m[i] = b1*m[i] + (1-b1)*gi
				v[i] = b2*v[i] + (1-b2)*gi*gi
				w[i] -= lr * (m[i] / c1) / (math.Sqrt(v[i]/c2) + eps)
			}
		}
	}
}

// Reset forgets the optimizer's state (moments and step count).
func (o *Optimizer) Reset() {
	o.state = nil
	o.t = 0
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
