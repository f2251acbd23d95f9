package rule

import (
	"math"
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

// Parameters shared by weight and node perturbation (RULES.md §9).
func perturbationParams(sigmaHelp string) []Param {
	return []Param{
		{Key: "sigma", Label: "Noise σ", Help: sigmaHelp,
			Default: 0.1, Min: 1e-4, Max: 1, Log: true},
		{Key: "antithetic", Label: "Antithetic pairs",
			Help:    "off: compare the perturbed loss with the clean one; on: perturb by +noise and −noise and compare the two, which cancels the estimate's even-order terms (lower variance, the same two passes).",
			Default: 0, Max: 1, Choices: []string{"off", "on"}},
		{Key: "samples", Label: "Samples K",
			Help:    "Independent perturbations averaged per step (NMA's K): the variance falls as 1/K, the cost grows as K.",
			Default: 1, Min: 1, Max: 64, Integer: true},
	}
}

// estimator writes a perturbation estimate of the gradient of the batch
// loss on the N examples x, y into net's Grad buffers, drawing its noise
// from rnd; ps are net.Params(), which allocates. Weight and node perturbation are estimators; the rule calls
// one on the network, the probe on a copy of it.
type estimator interface {
	estimate(net *nn.Net, ps []*nn.Param, x, y []float64, N int, rnd *rand.Rand)
}

// perturbationProbe measures an estimator against the gradient, as the
// Neuromatch tutorial does (W2D3 Tutorial 1: calculate_cosine_similarity,
// calculate_grad_snr), on the last training batch and a copy of the
// network, so that neither the network nor the rule's random stream is
// touched: the noise comes from a generator of its own, reseeded the same
// at every measurement (seeds drawn from the rule's stream at New).
type perturbationProbe struct {
	net    *nn.Net     // the rule's network
	copy   *nn.Net     // measured on, its parameters copied from net
	ps, cs []*nn.Param // net's and copy's parameters
	est    estimator
	k      int // noise draws per estimate (the rule's Samples)
	s1, s2 uint64

	last    *data.Batch // the batch of the last step (the run's buffer)
	steps   int         // steps taken
	at      int         // steps at the last measurement (−1: never)
	cos     float64     // mean cosine of one estimate to the gradient
	snr     float64     // the tutorial's SNR over one-example estimates
	power   float64     // ‖g‖² / mean ‖ĝ − g‖² over the batch estimates
	g, mean []float64   // the gradient; Welford mean and M2 of per-example estimates
	m2      []float64
}

// probeDraws is how many estimates the cosine is averaged over.
const probeDraws = 8

func newPerturbationProbe(net *nn.Net, est estimator, samples int, rnd *rand.Rand) *perturbationProbe {
	n := 0
	for _, p := range net.Params() {
		n += len(p.Value)
	}
	c := net.Clone()
	return &perturbationProbe{net: net, copy: c, ps: net.Params(), cs: c.Params(), est: est, k: samples,
		s1: rnd.Uint64(), s2: rnd.Uint64(), at: -1,
		g: make([]float64, n), mean: make([]float64, n), m2: make([]float64, n)}
}

// noteStep records the step's batch.
func (pp *perturbationProbe) noteStep(b *data.Batch) {
	pp.last = b
	pp.steps++
}

// measure computes the cosine and the SNR for the current parameters, if
// they changed since the last measurement.
//
//	grad_cosine = mean over probeDraws estimates ĝ of ⟨ĝ, g⟩/(‖ĝ‖‖g‖), g backprop's gradient on the batch
//	step_snr = ‖g‖² / mean ‖ĝ − g‖² over the same estimates
//	snr = mean over parameters of |mean_r ĝ_r| / (std_r ĝ_r + 10⁻³)
//
// where ĝ_r, r = 1 … R, are estimates on one example each, fresh noise
// every time, the batch's examples in turn. The tutorial takes R = 1000
// test examples; the mean of R draws of pure noise has |mean|/std ≈
// 0.8/√R, the floor of the measure, so R is at least the batch size and up
// to snrDraws, fewer for large networks and many samples per estimate
// (about snrNoise noise values in all).
func (pp *perturbationProbe) measure() {
	if pp.last == nil || pp.at == pp.steps {
		return
	}
	pp.at = pp.steps
	net, ps := pp.copy, pp.cs
	for i, p := range pp.ps {
		copy(ps[i].Value, p.Value)
	}
	b := pp.last
	x, y := b.X[:b.N*net.Inputs()], b.Y[:b.N*net.Outputs()]
	net.Forward(x, b.N)
	net.Backward(y, nil)
	gatherGrads(pp.g, ps)
	rnd := rand.New(rand.NewPCG(pp.s1, pp.s2))
	pp.cos = 0
	noise := 0.0
	est := make([]float64, len(pp.g))
	for range probeDraws {
		pp.est.estimate(net, ps, x, y, b.N, rnd)
		gatherGrads(est, ps)
		pp.cos += cosine(est, pp.g) / probeDraws
		for i, v := range est {
			noise += (v - pp.g[i]) * (v - pp.g[i]) / probeDraws
		}
	}
	pp.power = math.NaN()
	if noise > 0 {
		g := probe.Norm(pp.g)
		pp.power = g * g / noise
	}
	clear(pp.mean)
	clear(pp.m2)
	dim, k := net.Inputs(), net.Outputs()
	R := max(b.N, min(snrDraws, snrNoise/(len(pp.g)*pp.k)))
	for r := range R {
		n := r % b.N
		pp.est.estimate(net, ps, x[n*dim:(n+1)*dim], y[n*k:(n+1)*k], 1, rnd)
		gatherGrads(est, ps)
		for i, v := range est {
			d := v - pp.mean[i]
			pp.mean[i] += d / float64(r+1)
			pp.m2[i] += d * (v - pp.mean[i])
		}
	}
	pp.snr = 0
	for i, m := range pp.mean {
		sd := math.Sqrt(pp.m2[i] / float64(R)) // NumPy's std: the population's
		pp.snr += math.Abs(m) / (sd + 1e-3)
	}
	pp.snr /= float64(len(pp.mean))
}

// The SNR's budget: at most snrDraws single-example estimates, and about
// snrNoise parameters' worth of them (a weight-perturbation estimate draws
// one noise value per parameter).
const (
	snrDraws = 256
	snrNoise = 4_000_000
)

// gatherGrads copies the Grad buffers of ps end to end into dst.
func gatherGrads(dst []float64, ps []*nn.Param) {
	i := 0
	for _, p := range ps {
		i += copy(dst[i:], p.Grad)
	}
}

// cosine returns ⟨a, b⟩/(‖a‖‖b‖), NaN if either is zero.
func cosine(a, b []float64) float64 {
	na, nb := probe.Norm(a), probe.Norm(b)
	if na == 0 || nb == 0 {
		return math.NaN()
	}
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s / (na * nb)
}

// probes returns the metrics, measured now if the parameters changed.
func (pp *perturbationProbe) probes(dst []probe.Metric) []probe.Metric {
	cos, power, snr := math.NaN(), math.NaN(), math.NaN()
	if pp.last != nil {
		pp.measure()
		cos, power, snr = pp.cos, pp.power, pp.snr
	}
	return append(dst,
		probe.Metric{Key: "grad_cosine", Label: "Cosine to the gradient", Values: []float64{cos},
			Help: "Cosine between one perturbation estimate and backprop's gradient on the last batch, all parameters together, averaged over 8 draws: 1 is the gradient, 0 pure noise; it falls as the network grows."},
		probe.Metric{Key: "step_snr", Label: "Step SNR ‖g‖²/E‖ĝ − g‖²", Values: []float64{power},
			Help: "Power of the gradient over the power of the estimate's error, for one step's estimate on the last batch (8 draws): below 1 the noise outweighs the signal; for noise spread evenly over the parameters the cosine is about √(s/(1+s))."},
		probe.Metric{Key: "snr", Label: "Gradient SNR", Values: []float64{snr},
			Help: "Signal-to-noise ratio of one-example estimates over the last batch's examples (up to 256 draws): mean over parameters of |mean| / (std + 0.001), as the Neuromatch tutorial computes it; pure noise scores about 0.8/√draws, backprop far higher."})
}
