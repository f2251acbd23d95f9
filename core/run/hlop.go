package run

import (
	"math"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

// HLOP, Hebbian learning-based orthogonal projection (Xiao, Meng, Zhang,
// Zhou & Lin, ICLR 2024; RULES.md §6.7; pkuxmq/HLOP-SNN,
// modules/hlop_module.py), as an option of every run (link key hlop=<k>).
//
// Each weight layer has lateral "subspace neurons" with weights H (rows ×
// (n_in + 1)) that learn the principal subspace of the layer's inputs by
// Oja's subspace rule, on the input augmented with a constant 1 so that
// the bias is protected with the weights:
//
//	x̃ = [x; 1],   y = H x̃,   ΔH_new = η mean y_new (x̃ − Hᵀ y)ᵀ   (5 iterations a batch; entries clipped to ±10)
//
// where only the k neurons of the current task learn (new ones, started
// orthogonal to the old, are added at every task boundary) and the
// reconstruction Hᵀy uses all of them. Tasks are delimited by the run's
// shift (shift.go): at the shift the current neurons are orthonormalised
// and frozen, and from then on every weight layer's pseudo-gradient is
// projected orthogonally to the frozen subspace before the optimizer
// applies it,
//
//	[g_W g_b] ← [g_W g_b] (I − H_oldᵀ H_old),
//
// so that the layer's response to inputs of the earlier task (which lie
// in that subspace) changes as little as possible. Because it acts on the
// Grad buffers, the option works for every rule; it is exact for rules
// whose update is δ x̃ᵀ (backprop, feedback alignment, the delta rule) under
// SGD or momentum (the optimizer is reset at the boundary), and
// approximate under Adam, whose per-coordinate scaling leaves the
// subspace, and for rules that change weights after the optimizer
// (AfterStepper).
type hlop struct {
	k      int
	rate   float64
	layers []*hlopLayer
	x      []float64 // augmented input scratch
	zeros  []float64
	rnd    interface{ NormFloat64() float64 }
}

// zero returns n zeros (a bias for nn.Affine).
func (h *hlop) zero(n int) []float64 {
	if len(h.zeros) < n {
		h.zeros = make([]float64, n)
	}
	return h.zeros[:n]
}

type hlopLayer struct {
	d      int       // n_in + 1
	h      []float64 // rows × d, frozen rows first
	frozen int
	rows   int
	y, e   []float64 // scratch: y (N×rows), x̃ − Hᵀy (N×d)
	hx     []float64 // Hᵀ of all rows, for y = H x̃
	dh     []float64
	gx     []float64 // [g_W g_b] scratch, n_out × d
	proj   []float64 // G H_fᵀ, n_out × frozen
	tmp    []float64 // P H_f, n_out × d
	ht     []float64 // Hᵀ, d × rows (the frozen rows' after a boundary)
	kept   runningMean
}

// hlopIters is the number of Oja iterations per batch (5 in the reference
// code); hlopRate the learning rate, divided by the batch's mean ‖x̃‖² so
// that the rule is stable whatever the inputs' scale.
const (
	hlopIters = 5
	hlopRate  = 0.1
	hlopClip  = 10
)

// newHLOP returns the subspace learners of r's layers, or nil without HLOP.
func newHLOP(r *Run) *hlop {
	if r.Exp.HLOP <= 0 {
		return nil
	}
	h := &hlop{k: r.Exp.HLOP, rate: hlopRate, rnd: Stream(r.Exp.Seed, "hlop")}
	for _, ly := range r.Net.Layers {
		hl := &hlopLayer{d: ly.In + 1, kept: newRunningMean(1)}
		h.layers = append(h.layers, hl)
		h.addRows(hl)
	}
	return h
}

// addRows gives layer hl up to k new subspace neurons, drawn at random and
// orthonormalised against the frozen ones.
func (h *hlop) addRows(hl *hlopLayer) {
	hl.rows = min(hl.frozen+h.k, hl.d)
	hl.h = append(hl.h[:hl.frozen*hl.d], make([]float64, (hl.rows-hl.frozen)*hl.d)...)
	for i := hl.frozen; i < hl.rows; i++ {
		r := hl.h[i*hl.d : (i+1)*hl.d]
		for j := range r {
			r[j] = h.rnd.NormFloat64()
		}
	}
	hl.rows = orthonormalise(hl.h, hl.frozen, hl.rows, hl.d)
	hl.h = hl.h[:hl.rows*hl.d]
}

// orthonormalise runs Gram–Schmidt on rows from … to−1 of h (d columns)
// against all earlier rows, dropping rows with nothing left, and returns
// the new number of rows.
func orthonormalise(h []float64, from, to, d int) int {
	n := from
	for i := from; i < to; i++ {
		r := h[i*d : (i+1)*d]
		before := probe.Norm(r)
		for pass := 0; pass < 2; pass++ { // twice is enough (Giraud et al. 2005)
			for j := 0; j < n; j++ {
				q := h[j*d : (j+1)*d]
				dot := 0.0
				for k, v := range r {
					dot += v * q[k]
				}
				for k := range r {
					r[k] -= dot * q[k]
				}
			}
		}
		nr := probe.Norm(r)
		if nr <= 1e-8*max(before, 1e-300) || nr == 0 {
			continue
		}
		dst := h[n*d : (n+1)*d]
		for k, v := range r {
			dst[k] = v / nr
		}
		n++
	}
	return n
}

// boundary ends a task: the current neurons are orthonormalised and
// frozen, and k new ones start.
func (h *hlop) boundary(r *Run) {
	if h == nil {
		return
	}
	for _, hl := range h.layers {
		hl.rows = orthonormalise(hl.h, hl.frozen, hl.rows, hl.d)
		hl.frozen = hl.rows
		hl.ht = make([]float64, hl.d*hl.frozen)
		nn.Transpose(hl.ht, hl.h[:hl.frozen*hl.d], hl.frozen, hl.d)
		h.addRows(hl)
	}
}

// project removes from every layer's pseudo-gradient its component in the
// frozen subspaces.
func (h *hlop) project(net *nn.Net) {
	if h == nil {
		return
	}
	for l, ly := range net.Layers {
		hl := h.layers[l]
		f, d, in := hl.frozen, hl.d, ly.In
		if f == 0 {
			continue
		}
		hl.gx = grow(hl.gx, ly.Out*d)
		for i := 0; i < ly.Out; i++ {
			copy(hl.gx[i*d:i*d+in], ly.W.Grad[i*in:(i+1)*in])
			hl.gx[i*d+in] = ly.B.Grad[i]
		}
		// P = G H_fᵀ (n_out × f), then G −= P H_f.
		hl.proj = grow(hl.proj, ly.Out*f)
		hl.tmp = grow(hl.tmp, ly.Out*d)
		nn.Affine(hl.proj, hl.gx, hl.ht, h.zero(f), ly.Out, d, f)
		nn.BackInput(hl.tmp, hl.proj, hl.h[:f*d], ly.Out, d, f)
		for i, v := range hl.tmp {
			hl.gx[i] -= v
		}
		for i := 0; i < ly.Out; i++ {
			g := hl.gx[i*d : (i+1)*d]
			copy(ly.W.Grad[i*in:(i+1)*in], g[:in])
			ly.B.Grad[i] = g[in]
		}
	}
}

// learn runs the network on b as the rule computes it and moves the
// current subspace neurons of every layer by Oja's subspace rule.
func (h *hlop) learn(r *Run, b *data.Batch) {
	if h == nil {
		return
	}
	N := b.N
	r.forward(b.X, N)
	for l, ly := range r.Net.Layers {
		hl := h.layers[l]
		d, in, rows, f := hl.d, ly.In, hl.rows, hl.frozen
		h.x = grow(h.x, N*d)
		sq := 0.0
		for n := 0; n < N; n++ {
			copy(h.x[n*d:n*d+in], r.Net.H[l][n*in:(n+1)*in])
			h.x[n*d+in] = 1
			for _, v := range h.x[n*d : (n+1)*d] {
				sq += v * v
			}
		}
		if rows == f || sq == 0 {
			continue
		}
		eta := h.rate / (sq / float64(N))
		hl.y = grow(hl.y, N*rows)
		hl.e = grow(hl.e, N*d)
		hl.dh = grow(hl.dh, rows*d)
		for it := 0; it < hlopIters; it++ {
			h.outputs(hl, h.x, N)
			// e = x̃ − Hᵀy
			nn.BackInput(hl.e, hl.y, hl.h, N, d, rows)
			for i, v := range h.x[:N*d] {
				hl.e[i] = v - hl.e[i]
			}
			if it == 0 {
				res := 0.0
				for _, v := range hl.e {
					res += v * v
				}
				hl.kept.add(1 - res/sq)
			}
			// ΔH = η mean y eᵀ, for the current rows only.
			clear(hl.dh)
			nn.AddOuter(hl.dh, nil, hl.y, hl.e, N, d, rows, eta/float64(N))
			for i := f * d; i < rows*d; i++ {
				hl.h[i] = math.Max(-hlopClip, math.Min(hlopClip, hl.h[i]+hl.dh[i]))
			}
		}
	}
}

// outputs sets y = H x̃ for the N augmented inputs x (N×d).
func (h *hlop) outputs(hl *hlopLayer, x []float64, N int) {
	hl.hx = grow(hl.hx, hl.d*hl.rows)
	nn.Transpose(hl.hx, hl.h[:hl.rows*hl.d], hl.rows, hl.d)
	nn.Affine(hl.y, x, hl.hx, h.zero(hl.rows), N, hl.d, hl.rows)
}

// probes returns the HLOP diagnostics: the frozen subspace's dimension
// and the share of the current inputs' energy the subspace neurons
// capture, per layer.
func (h *hlop) probes() []probe.Metric {
	if h == nil {
		return nil
	}
	L := len(h.layers)
	dims, kept := make([]float64, L), make([]float64, L)
	for l, hl := range h.layers {
		dims[l] = float64(hl.frozen)
		kept[l] = hl.kept.values()[0]
	}
	return []probe.Metric{
		{Key: "hlop_dims", Label: "Protected dimensions", PerLayer: true, Values: dims,
			Help: "Dimension of each layer's input subspace that HLOP protects: updates orthogonal to it leave earlier tasks' responses alone. It grows by k at every task boundary (the shift)."},
		{Key: "hlop_captured", Label: "Input energy captured", PerLayer: true, Values: kept,
			Help: "Share of ‖x‖² of recent inputs (with the bias input 1) that the layer's subspace neurons reconstruct, ‖Hᵀ H x‖²/‖x‖²: near 1 once they have learned the inputs' principal subspace."},
	}
}

// runningMean is an exponential average over recent steps (weight 1/n for
// the first steps, then hlopMemory).
type runningMean struct {
	v []float64
	n int
}

const hlopMemory = 0.05

func newRunningMean(n int) runningMean {
	m := runningMean{v: make([]float64, n)}
	for i := range m.v {
		m.v[i] = math.NaN()
	}
	return m
}

func (m *runningMean) add(x float64) {
	m.n++
	if m.n == 1 {
		m.v[0] = x
		return
	}
	m.v[0] += max(1/float64(m.n), hlopMemory) * (x - m.v[0])
}

func (m *runningMean) values() []float64 { return append([]float64(nil), m.v...) }

// grow returns buf resliced to n elements, reallocated only when its
// capacity is too small.
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}
