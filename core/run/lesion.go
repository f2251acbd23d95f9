package run

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"plasticity/core/nn"
)

// Lesions silence hidden units (link keys lesion and lesionat): a lesioned
// unit outputs nothing to the next layer, as if the neuron had been cut
// out. The run zeroes the unit's incoming weights and bias and its outgoing
// weights, and keeps them at zero after every update, so that no rule can
// revive it.
//
//	lesion=1:3,2:7   units 3 of the first hidden layer and 7 of the second
//	                 (layers and units counted from 1, as the page shows
//	                 them, top to bottom)
//	lesionat=20      the lesion happens after epoch 20 (0, the default:
//	                 from the start, so the network learns without them)
//
// A lesion after training shows what the trained network needs the units
// for; the run records a second history point at that epoch, the same
// network without them, as a shift does. Lesions after training change a
// network that learnt with the units; lesions from the start a network that
// never had them.

// Unit names a hidden unit: Layer 1 is the first hidden layer, Unit 1 its
// first unit.
type Unit struct {
	Layer, Unit int
}

func (u Unit) String() string { return strconv.Itoa(u.Layer) + ":" + strconv.Itoa(u.Unit) }

// MaxLesions is the most units a link may lesion.
const MaxLesions = 256

// ParseLesion reads "1:3,2:7" into units, sorted and without repeats. It
// checks the form only: Experiment.Validate checks the units against the
// network.
func ParseLesion(s string) ([]Unit, error) {
	var out []Unit
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		l, j, ok := strings.Cut(part, ":")
		ln, err1 := strconv.Atoi(l)
		jn, err2 := strconv.Atoi(j)
		if !ok || err1 != nil || err2 != nil || ln < 1 || jn < 1 {
			return nil, fmt.Errorf("%q is not <layer>:<unit> (both counted from 1, e.g. 1:3)", part)
		}
		out = append(out, Unit{ln, jn})
	}
	if len(out) > MaxLesions {
		return nil, fmt.Errorf("%d units; at most %d", len(out), MaxLesions)
	}
	return canonicalUnits(out), nil
}

// canonicalUnits sorts units by layer and unit and drops repeats.
func canonicalUnits(us []Unit) []Unit {
	us = slices.Clone(us)
	slices.SortFunc(us, func(a, b Unit) int {
		if a.Layer != b.Layer {
			return a.Layer - b.Layer
		}
		return a.Unit - b.Unit
	})
	return slices.Compact(us)
}

// FormatLesion writes units as a link writes them.
func FormatLesion(us []Unit) string {
	s := make([]string, len(us))
	for i, u := range us {
		s[i] = u.String()
	}
	return strings.Join(s, ",")
}

// ToggleLesion returns us with u added, or removed if it was there.
func ToggleLesion(us []Unit, u Unit) []Unit {
	if i := slices.Index(us, u); i >= 0 {
		return slices.Delete(slices.Clone(us), i, i+1)
	}
	return canonicalUnits(append(slices.Clone(us), u))
}

// checkLesion reports a unit outside e's hidden layers.
func (e Experiment) checkLesion() error {
	if len(e.Lesion) > MaxLesions {
		return fmt.Errorf("%d units; at most %d", len(e.Lesion), MaxLesions)
	}
	for _, u := range e.Lesion {
		if u.Layer < 1 || u.Layer > len(e.Hidden) {
			return fmt.Errorf("unit %s: there is no hidden layer %d (the network has %d)", u, u.Layer, len(e.Hidden))
		}
		if u.Unit < 1 || u.Unit > e.Hidden[u.Layer-1] {
			return fmt.Errorf("unit %s: hidden layer %d has %d units", u, u.Layer, e.Hidden[u.Layer-1])
		}
	}
	if e.LesionAt < 0 || e.LesionAt > MaxEpochs {
		return fmt.Errorf("lesionat %d is not an epoch in [0, %d]", e.LesionAt, MaxEpochs)
	}
	return nil
}

// lesion is what a run keeps of its lesions.
type lesion struct {
	units  []Unit
	at     int
	active bool
}

func newLesion(e Experiment) *lesion {
	if len(e.Lesion) == 0 {
		return nil
	}
	return &lesion{units: slices.Clone(e.Lesion), at: e.LesionAt, active: e.LesionAt == 0}
}

// apply zeroes the lesioned units' weights once the lesion is active.
func (ls *lesion) apply(net *nn.Net) {
	if ls == nil || !ls.active {
		return
	}
	silence(net, ls.units)
}

// silence zeroes the incoming weights, bias and outgoing weights of units.
func silence(net *nn.Net, units []Unit) {
	for _, u := range units {
		l, j := u.Layer-1, u.Unit-1 // weight layer l computes hidden layer u.Layer
		if l+1 >= net.NumLayers() || j >= net.Layers[l].Out {
			continue
		}
		in, out := net.Layers[l], net.Layers[l+1]
		clear(in.W.Value[j*in.In : (j+1)*in.In])
		in.B.Value[j] = 0
		for o := 0; o < out.Out; o++ {
			out.W.Value[o*out.In+j] = 0
		}
	}
}

// Lesioned returns the units silenced now (none before a later lesion's
// epoch).
func (r *Run) Lesioned() []Unit {
	if r.limits.lesion == nil || !r.limits.lesion.active {
		return nil
	}
	return r.limits.lesion.units
}

// lesionNow makes a lesion due after the epoch just finished active, and
// records the lesioned network as a second point of that epoch.
func (r *Run) lesionNow() {
	ls := r.limits.lesion
	if ls == nil || ls.active || r.epoch != ls.at {
		return
	}
	ls.active = true
	r.limits.apply(r.Net)
	r.Opt.Reset() // no momentum carries the old weights back
	r.eval = evalCache{}
	r.history = append(r.history, Point{Metrics: r.Metrics(), Probes: r.Probes()})
	r.saveCheckpoint()
}

// AccuracyWithout returns the test accuracy (the training accuracy
// without test data) of the current network with units silenced as well as
// any lesioned already; the network is left as it was.
func (r *Run) AccuracyWithout(units []Unit) float64 {
	saved := make([][]float64, 0, 2*r.Net.NumLayers())
	for _, ly := range r.Net.Layers {
		saved = append(saved, slices.Clone(ly.W.Value), slices.Clone(ly.B.Value))
	}
	silence(r.Net, units)
	s := r.Test
	if s.N == 0 {
		s = r.Train
	}
	_, acc := r.Evaluate(s)
	for l, ly := range r.Net.Layers {
		copy(ly.W.Value, saved[2*l])
		copy(ly.B.Value, saved[2*l+1])
	}
	r.eval = evalCache{}
	return acc
}

// Selectivity returns the class selectivity of every unit of hidden layer
// layer (counted from 1) on the test set (the training set without test
// data): with μ_c the unit's mean activity over the examples of class c,
// μ_max the largest and μ_rest the mean of the others,
//
//	selectivity = (μ_max − μ_rest) / (μ_max + μ_rest)
//
// (Morcos, Barrett, Rabinowitz & Botvinick 2018, for non-negative
// activities such as ReLU's), 0 for a unit that responds to every class
// alike and 1 for one that responds to a single class. A unit that is never
// active has NaN. It also returns each unit's preferred class.
func (r *Run) Selectivity(layer int) (sel []float64, pref []int) {
	s := r.Test
	if s.N == 0 {
		s = r.Train
	}
	if layer < 1 || layer >= r.Net.NumLayers() || s.Classes < 2 {
		return nil, nil
	}
	w := r.Net.Sizes[layer]
	k := s.Classes
	sum := make([]float64, w*k)
	count := make([]int, k)
	for start := 0; start < s.N; start += evalChunk {
		n := min(evalChunk, s.N-start)
		r.forward(s.X[start*s.Dim:(start+n)*s.Dim], n)
		h := r.Net.H[layer]
		for i := 0; i < n; i++ {
			c := s.Labels[start+i]
			count[c]++
			for j := 0; j < w; j++ {
				sum[j*k+c] += h[i*w+j]
			}
		}
	}
	sel, pref = make([]float64, w), make([]int, w)
	for j := 0; j < w; j++ {
		best, total := math.Inf(-1), 0.0
		for c := 0; c < k; c++ {
			m := 0.0
			if count[c] > 0 {
				m = sum[j*k+c] / float64(count[c])
			}
			total += m
			if m > best {
				best, pref[j] = m, c
			}
		}
		rest := (total - best) / float64(k-1)
		sel[j] = math.NaN()
		if best+rest > 0 {
			sel[j] = (best - rest) / (best + rest)
		}
	}
	return sel, pref
}

// DeadUnits returns, for every hidden layer (index 0 is the first), the
// units (counted from 0) that are not active (output ≤ 0) for any test
// example (training example without test data): units that no longer take
// part, like ReLU units that died.
func (r *Run) DeadUnits() [][]int {
	s := r.Test
	if s.N == 0 {
		s = r.Train
	}
	L := r.Net.NumLayers()
	alive := make([][]bool, L-1)
	for l := range alive {
		alive[l] = make([]bool, r.Net.Sizes[l+1])
	}
	for start := 0; start < s.N; start += evalChunk {
		n := min(evalChunk, s.N-start)
		r.forward(s.X[start*s.Dim:(start+n)*s.Dim], n)
		for l := range alive {
			w := len(alive[l])
			h := r.Net.H[l+1]
			for i := 0; i < n*w; i++ {
				if h[i] > 0 {
					alive[l][i%w] = true
				}
			}
		}
	}
	out := make([][]int, len(alive))
	for l, a := range alive {
		for j, ok := range a {
			if !ok {
				out[l] = append(out[l], j)
			}
		}
	}
	return out
}
