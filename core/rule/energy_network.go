package rule

import (
	"math"

	"plasticity/core/nn"
)

// energyNet is the layered Hopfield-like network that contrastive Hebbian
// learning and equilibrium propagation train (RULES.md §8; Scellier &
// Bengio 2017, bscellier/Towards-a-Biologically-Plausible-Backprop,
// model.py). Its weights are the network's: W_l connects layer l−1 to
// layer l both ways (the symmetric weights), b_l is layer l's bias. The
// input s_0 = x is clamped; the other units have states s_l in [0, 1]
// read through the hard sigmoid ρ(s) = clip(s, 0, 1), and the output units
// are either the same or linear (ρ = identity, unbounded). The energy
//
//	E(s) = Σ_{l=1…L} γ^{l−1} [ ½‖ρ(s_l)‖² − ρ(s_l)ᵀ (W_l ρ(s_{l−1}) + b_l) ]
//
// with ρ(s_0) = x and γ = 1 is Scellier & Bengio's (their constant input
// terms left out). A top-down gain γ < 1 (Xie & Seung 2003) weighs the
// layers so that the top-down input a unit receives is γ W_{l+1}ᵀ ρ(s_{l+1}).
// A settling step moves every unit at once down its preconditioned
// gradient γ^{1−l} ∂E/∂s_l:
//
//	d_l = W_l ρ(s_{l−1}) + b_l + γ W_{l+1}ᵀ ρ(s_{l+1})       the unit's drive
//	s_l ← clip(s_l − ε (ρ(s_l) − d_l), 0, 1) = clip((1 − ε) s_l + ε d_l, 0, 1)
//
// ρ′ is taken as 1 on the closed interval [0, 1], as Theano's clip
// gradient does, so that a unit at 0 can come back; for a linear output
// unit there is no clip. A nudging term β·∂C/∂s_L joins the output's step.
type energyNet struct {
	net    *nn.Net
	gain   float64 // γ, the top-down gain (1: the symmetric energy)
	linear bool    // output units linear (else hard sigmoid)

	wt    [][]float64 // W_lᵀ
	s     [][]float64 // states s_l, N×n_l, l = 0 … L−1 (weight layer l's units)
	d     [][]float64 // drives d_l
	td    [][]float64 // scratch: top-down input W_{l+1}ᵀ ρ(s_{l+1})
	prev  [][]float64 // states before the last step, for the residual probe
	probs []float64   // output probabilities (hard-sigmoid outputs, classification)
	en    []float64   // energy per example
	n     int
}

func newEnergyNet(net *nn.Net, gain float64, linear bool) *energyNet {
	if net.IsSpiking() {
		panic("the contrastive rules settle rate units: set neuron=rate")
	}
	L := net.NumLayers()
	e := &energyNet{net: net, gain: gain, linear: linear || net.Loss == nn.MSE,
		wt: make([][]float64, L), s: make([][]float64, L), d: make([][]float64, L),
		td: make([][]float64, L), prev: make([][]float64, L)}
	for l, ly := range net.Layers {
		e.wt[l] = make([]float64, ly.In*ly.Out)
	}
	return e
}

// newStates returns a state buffer for every layer, sized for the current n.
func (e *energyNet) newStates(dst [][]float64) [][]float64 {
	if dst == nil {
		dst = make([][]float64, e.net.NumLayers())
	}
	for l, ly := range e.net.Layers {
		dst[l] = grow(dst[l], e.n*ly.Out)
	}
	return dst
}

// copyStates copies the states src into dst (both sized for n).
func (e *energyNet) copyStates(dst, src [][]float64) {
	for l, ly := range e.net.Layers {
		copy(dst[l][:e.n*ly.Out], src[l])
	}
}

// clipped reports whether layer l's units are hard sigmoids.
func (e *energyNet) clipped(l int) bool {
	return l < e.net.NumLayers()-1 || !e.linear
}

// start sizes the buffers for N examples, refreshes Wᵀ and sets the states
// to the feed-forward sweep s_l = ρ(W_l ρ(s_{l−1}) + b_l) of x: the fixed
// point of the dynamics when the top-down input is ignored, from which the
// free phase starts (Scellier & Bengio start from persistent particles,
// each example's state of the last epoch).
func (e *energyNet) start(x []float64, N int) {
	e.n = N
	for l, ly := range e.net.Layers {
		nn.Transpose(e.wt[l], ly.W.Value, ly.Out, ly.In)
		m := N * ly.Out
		e.s[l], e.d[l], e.td[l], e.prev[l] = grow(e.s[l], m), grow(e.d[l], m), grow(e.td[l], m), grow(e.prev[l], m)
	}
	e.en = grow(e.en, N)
	e.probs = grow(e.probs, N*e.net.Outputs())
	for l, ly := range e.net.Layers {
		nn.Affine(e.s[l], e.below(l, x), e.wt[l], ly.B.Value, N, ly.In, ly.Out)
		if e.clipped(l) {
			clip01(e.s[l])
		}
	}
}

// below returns ρ(s_{l−1}), the input of layer l (x for l = 0).
func (e *energyNet) below(l int, x []float64) []float64 {
	if l == 0 {
		return x
	}
	return e.s[l-1]
}

// drives sets d_l = W_l ρ(s_{l−1}) + b_l + γ W_{l+1}ᵀ ρ(s_{l+1}) for every
// layer from the current states.
func (e *energyNet) drives(x []float64) {
	N, L := e.n, e.net.NumLayers()
	for l, ly := range e.net.Layers {
		d := e.d[l][:N*ly.Out]
		nn.Affine(d, e.below(l, x), e.wt[l], ly.B.Value, N, ly.In, ly.Out)
		if l == L-1 {
			continue
		}
		above := e.net.Layers[l+1]
		td := e.td[l][:N*ly.Out]
		nn.BackInput(td, e.s[l+1], above.W.Value, N, above.In, above.Out)
		for i, v := range td {
			d[i] += e.gain * v
		}
	}
}

// nudge describes what pulls the output during a phase: nothing (free),
// the gradient of β·C (equilibrium propagation) or the target itself
// (contrastive Hebbian learning's clamped phase).
type nudge struct {
	beta  float64   // β; 0 for none
	y     []float64 // targets, N×n_L
	clamp bool      // the output is held at y
}

// step moves every unit once (synchronously: all drives from the same
// states), keeping the previous states for the residual probe.
func (e *energyNet) step(x []float64, nu nudge, eps float64) {
	N, L := e.n, e.net.NumLayers()
	e.copyStates(e.prev, e.s)
	e.drives(x)
	for l, ly := range e.net.Layers {
		s, d := e.s[l][:N*ly.Out], e.d[l]
		if l == L-1 {
			if nu.clamp {
				copy(s, nu.y[:len(s)])
				continue
			}
			if nu.beta != 0 {
				e.addCostGradient(d, s, nu)
			}
		}
		for i, v := range s {
			s[i] = v - eps*(v-d[i])
		}
		if e.clipped(l) {
			clip01(s)
		}
	}
}

// addCostGradient subtracts β ∂C/∂s_L from the output's drive, so that the
// output's step descends E + βC. The cost is the network's loss on linear
// outputs, C = −Σ y log softmax(s_L) or ½‖s_L − y‖², whose gradient is
// softmax(s_L) − y or s_L − y; on hard-sigmoid outputs it is Scellier &
// Bengio's C = ‖s_L − y‖² (no ½), gradient 2(s_L − y).
func (e *energyNet) addCostGradient(d, s []float64, nu nudge) {
	k := e.net.Outputs()
	y := nu.y[:len(s)]
	switch {
	case !e.linear:
		for i, v := range s {
			d[i] -= nu.beta * 2 * (v - y[i])
		}
	case e.net.Loss == nn.CrossEntropy:
		p := e.probs[:len(s)]
		copy(p, s)
		for n := range e.n {
			nn.Softmax(p[n*k : n*k+k])
		}
		for i := range s {
			d[i] -= nu.beta * (p[i] - y[i])
		}
	default:
		for i, v := range s {
			d[i] -= nu.beta * (v - y[i])
		}
	}
}

// energy sets en[n] to each example's E(s) + β C(s) (β = 0: E alone).
func (e *energyNet) energy(x []float64, nu nudge) {
	N := e.n
	clear(e.en[:N])
	g := 1.0
	for l, ly := range e.net.Layers {
		m := ly.Out
		d := e.d[l][:N*m]
		// d_l = W_l ρ(s_{l−1}) + b_l, the bottom-up part only.
		nn.Affine(d, e.below(l, x), e.wt[l], ly.B.Value, N, ly.In, ly.Out)
		s := e.s[l]
		for n := range N {
			t := 0.0
			for j := n * m; j < (n+1)*m; j++ {
				t += s[j]*s[j]/2 - s[j]*d[j]
			}
			e.en[n] += g * t
		}
		g *= e.gain
	}
	if nu.beta != 0 && !nu.clamp {
		for n := range N {
			e.en[n] += nu.beta * e.cost(n, nu.y)
		}
	}
}

// cost returns C for example n (see addCostGradient).
func (e *energyNet) cost(n int, y []float64) float64 {
	L, k := e.net.NumLayers(), e.net.Outputs()
	s := e.s[L-1][n*k : n*k+k]
	t := y[n*k : n*k+k]
	if e.linear {
		if e.net.Loss == nn.CrossEntropy {
			p := e.probs[n*k : n*k+k]
			copy(p, s)
			nn.Softmax(p)
			return nn.MeanLoss(nn.CrossEntropy, p, t, 1)
		}
		return nn.MeanLoss(nn.MSE, s, t, 1)
	}
	c := 0.0
	for j, v := range s {
		c += (v - t[j]) * (v - t[j])
	}
	return c
}

// expose writes the state the free phase left for the N examples of x
// into the net's workspace, as a forward pass would: each unit's drive (its
// total input, top-down included) in A[l], ρ(s_l) in H[l+1], and the
// outputs read as probabilities (or values) in Output(). The Forward of
// equilibrium propagation and contrastive Hebbian learning.
func (e *energyNet) expose(x []float64, N int) {
	e.drives(x)
	net := e.net
	L := net.NumLayers()
	for l, ly := range net.Layers {
		m := N * ly.Out
		copy(net.A[l][:m], e.d[l])
		if l < L-1 {
			copy(net.H[l+1][:m], e.s[l])
		}
	}
	e.output(net.H[L][:N*net.Outputs()])
}

// output writes the network's reading of the output states for the N
// examples into out: softmax(s_L) for linear outputs and cross-entropy,
// s_L for MSE, and for hard-sigmoid outputs the states normalised to sum 1
// after adding outputFloor to each, so that a silent unit keeps a small
// probability (a confident mistake then costs about 4.6 nats, not 34.5).
func (e *energyNet) output(out []float64) {
	N, L, k := e.n, e.net.NumLayers(), e.net.Outputs()
	s := e.s[L-1][:N*k]
	copy(out, s)
	if e.net.Loss != nn.CrossEntropy {
		return
	}
	for n := range N {
		row := out[n*k : n*k+k]
		if e.linear {
			nn.Softmax(row)
			continue
		}
		sum := 0.0
		for j := range row {
			row[j] += outputFloor
			sum += row[j]
		}
		for j := range row {
			row[j] /= sum
		}
	}
}

// outputFloor is added to every hard-sigmoid output state before they are
// normalised into probabilities.
const outputFloor = 0.01

// hebbian adds c·mean_n ρ(s_l) ρ(s_{l−1})ᵀ to every W_l.Grad and
// c·mean_n ρ(s_l) to b_l.Grad, for the states st (st[l] of layer l) and
// scale c·γ^{l−L+1} for layer l (1 for γ = 1).
func (e *energyNet) hebbian(st [][]float64, x []float64, c float64) {
	N, L := e.n, e.net.NumLayers()
	for l, ly := range e.net.Layers {
		pre := x
		if l > 0 {
			pre = st[l-1]
		}
		s := c * math.Pow(e.gain, float64(l-L+1)) / float64(N)
		nn.AddOuter(ly.W.Grad, ly.B.Grad, st[l][:N*ly.Out], pre, N, ly.In, ly.Out, s)
	}
}

// clearGrads zeroes every layer's W.Grad and B.Grad.
func clearGrads(net *nn.Net) {
	for _, ly := range net.Layers {
		clear(ly.W.Grad)
		clear(ly.B.Grad)
	}
}

// clip01 clips every entry of x to [0, 1].
func clip01(x []float64) {
	for i, v := range x {
		x[i] = min(max(v, 0), 1)
	}
}

// record appends example 0's states, read as SettleTrace.States asks, and
// its energy to tr, if tr is not nil.
func (e *energyNet) record(tr *SettleTrace, phase string) {
	if tr == nil {
		return
	}
	L := e.net.NumLayers()
	tr.Energy = append(tr.Energy, e.en[0])
	tr.Phase = append(tr.Phase, phase)
	for l, ly := range e.net.Layers {
		row := make([]float64, ly.Out)
		if l < L-1 {
			copy(row, e.s[l][:ly.Out])
		} else {
			n := e.n
			e.n = 1
			e.output(row)
			e.n = n
		}
		tr.States[l] = append(tr.States[l], row)
	}
}

// residual returns, per layer, the mean over examples of ‖s_l − s_l′‖, the
// states' change in the last step: how far from equilibrium a phase stopped.
func (e *energyNet) residual(l int) float64 {
	return meanRowNorm(e.s[l], e.prev[l], e.n, e.net.Layers[l].Out)
}
