package rule_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"

	"plasticity/core/nn"
	"plasticity/core/probe"
	"plasticity/core/rule"
	"plasticity/core/run"
)

// ffRef is an independent, loop-by-loop forward-forward network over the
// weights of a run's net, for checking the rule against RULES.md §3.1.
type ffRef struct {
	net    *nn.Net
	dim, C int
}

func newFFRef(r *run.Run) ffRef {
	return ffRef{net: r.Net, dim: r.Train.Dim, C: r.Train.Classes}
}

// goodness returns G_l(x, k) for every hidden layer l of the one example
// x with label k written into its label units (k < 0: the neutral 1/C), and
// the last hidden layer's activities.
func (f ffRef) goodness(x []float64, k int) (g []float64, last []float64) {
	z := append([]float64(nil), x...)
	for j := range f.C {
		if k < 0 {
			z = append(z, 1/float64(f.C))
		} else if j == k {
			z = append(z, 1)
		} else {
			z = append(z, 0)
		}
	}
	for _, ly := range f.net.Layers[:len(f.net.Layers)-1] {
		z = f.layer(ly, z)
		s := 0.0
		for _, v := range z {
			s += v * v
		}
		g = append(g, s)
	}
	return g, z
}

// layer returns f(W rms(z) + b).
func (f ffRef) layer(ly *nn.Layer, z []float64) []float64 {
	zn := rmsNorm(z)
	h := make([]float64, ly.Out)
	for j := range h {
		a := ly.B.Value[j]
		for i, v := range zn {
			a += ly.W.Value[j*ly.In+i] * v
		}
		h[j] = ly.Act.At(a)
	}
	return h
}

func rmsNorm(z []float64) []float64 {
	s := 0.0
	for _, v := range z {
		s += v * v
	}
	c := 1 / (math.Sqrt(s/float64(len(z))) + 1e-40)
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = c * v
	}
	return out
}

// softplus returns log(1 + eᶻ) without overflow.
func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

// TestForwardForwardGradient checks one Step against finite differences
// of each layer's own loss ℒ_l = mean −log p_l(x⁺) − log(1 − p_l(x⁻)),
// with the layer's input held fixed: the rule's update is ½ ∂ℒ_l/∂θ_l
// (the factor 2 of ∂h²/∂h is dropped, as in Hinton's code). For the
// collaborative variants the other layers' goodness is frozen at the
// current weights. Two classes, so that the negative label is the other
// one; no peer normalisation, which is not a gradient. The softmax
// readout's update must be the gradient of its cross-entropy.
func TestForwardForwardGradient(t *testing.T) {
	for _, test := range []struct {
		name, link string
		collab     string // "", "all" or "below"
	}{
		{"ff relu", "rule=ff&act=relu&ff.peer=0", ""},
		{"ff tanh T=2", "rule=ff&act=tanh&ff.peer=0&ff.temp=2&ff.theta=0.3", ""},
		{"ff softmax readout", "rule=ff&act=leakyrelu&ff.peer=0&ff.readout=softmax", ""},
		{"cff all", "rule=cff&act=relu&cff.peer=0", "all"},
		{"cff below", "rule=cff&act=relu&cff.peer=0&cff.others=below&hidden=5,4,3", "below"},
	} {
		t.Run(test.name, func(t *testing.T) {
			r := newRun(t, "data=gauss&hidden=5,4&train=12&batch=12&"+test.link)
			b := dataBatch(r)
			r.Rule.Step(b)
			ref := newFFRef(r)
			h := r.Exp.RuleHyper()
			T := h["temp"]
			L := r.Net.NumLayers()
			theta := make([]float64, L-1)
			for l := range theta {
				theta[l] = h["theta"] * float64(r.Net.Layers[l].Out)
			}
			// Frozen goodness of every layer, positive and negative.
			frozenPos := make([][]float64, b.N)
			frozenNeg := make([][]float64, b.N)
			for n := range b.N {
				x := b.X[n*ref.dim : (n+1)*ref.dim]
				frozenPos[n], _ = ref.goodness(x, b.Labels[n])
				frozenNeg[n], _ = ref.goodness(x, 1-b.Labels[n])
			}
			for l := 0; l < L-1; l++ {
				u := func(g, frozen []float64) float64 {
					switch test.collab {
					case "all":
						s, th := 0.0, 0.0
						for t := range frozen {
							s += frozen[t]
							th += theta[t]
						}
						return (s - frozen[l] + g[l] - th) / T
					case "below":
						s, th := 0.0, 0.0
						for t := 0; t <= l; t++ {
							s += frozen[t]
							th += theta[t]
						}
						return (s - frozen[l] + g[l] - th) / T
					}
					return (g[l] - theta[l]) / T
				}
				loss := func() float64 {
					s := 0.0
					for n := range b.N {
						x := b.X[n*ref.dim : (n+1)*ref.dim]
						gp, _ := ref.goodness(x, b.Labels[n])
						gn, _ := ref.goodness(x, 1-b.Labels[n])
						s += softplus(-u(gp, frozenPos[n])) + softplus(u(gn, frozenNeg[n]))
					}
					return s / float64(b.N)
				}
				ly := r.Net.Layers[l]
				for _, p := range []*nn.Param{ly.W, ly.B} {
					checkParamGradient(t, p, loss, 0.5)
				}
			}
			if h["readout"] == 1 {
				ly := r.Net.Layers[L-1]
				loss := func() float64 {
					s := 0.0
					for n := range b.N {
						_, last := ref.goodness(b.X[n*ref.dim:(n+1)*ref.dim], -1)
						z := rmsNorm(last)
						logits := make([]float64, ly.Out)
						for k := range logits {
							logits[k] = ly.B.Value[k]
							for i, v := range z {
								logits[k] += ly.W.Value[k*ly.In+i] * v
							}
						}
						nn.Softmax(logits)
						s -= math.Log(logits[b.Labels[n]])
					}
					return s / float64(b.N)
				}
				for _, p := range []*nn.Param{ly.W, ly.B} {
					checkParamGradient(t, p, loss, 1)
				}
			}
		})
	}
}

// checkParamGradient compares p.Grad with c times the central finite
// differences of loss over p.Value (gonum's diff/fd), restoring p.Value.
func checkParamGradient(t *testing.T, p *nn.Param, loss func() float64, c float64) {
	t.Helper()
	orig := append([]float64(nil), p.Value...)
	want := fd.Gradient(nil, func(v []float64) float64 {
		copy(p.Value, v)
		return loss()
	}, orig, &fd.Settings{Formula: fd.Central})
	copy(p.Value, orig)
	floats.Scale(c, want)
	// 1e-6: central differences are accurate to about 1e-8 here.
	if !floats.EqualApprox(p.Grad, want, 1e-6) {
		t.Errorf("%s: got %v, want %v", p.Name, p.Grad, want)
	}
}

// trained returns a run of link trained to the end.
func trained(t *testing.T, link string) *run.Run {
	t.Helper()
	r := newRun(t, link)
	trainRun(t, r)
	return r
}

// TestForwardForwardPredict checks the goodness prediction against a
// brute-force evaluation that runs each label separately through an
// independent implementation: the same argmax for every test example, and
// probabilities softmax_k(Σ_l G_l(x, k)/T); LabelGoodness must give the
// same per-layer goodness, and the softmax readout the same probabilities
// as its formula. Forward (the view) must show the same prediction.
func TestForwardForwardPredict(t *testing.T) {
	for _, link := range []string{
		"rule=ff&data=gauss&classes=3&hidden=8,6&act=relu&epochs=5",
		"rule=ff&data=spiral&classes=4&hidden=12,12,8&act=relu&ff.temp=0.5&ff.negatives=hard&epochs=3",
		"rule=cff&data=moons&hidden=8,8&act=relu&epochs=3",
		"rule=ff&data=gauss&classes=3&hidden=8,6&act=relu&ff.readout=softmax&ff.negatives=hard&epochs=5",
	} {
		t.Run(link, func(t *testing.T) {
			r := trained(t, link)
			ref := newFFRef(r)
			s, C := r.Test, r.Test.Classes
			T := r.Exp.RuleHyper()["temp"]
			softmaxReadout := r.Exp.RuleHyper()["readout"] == 1
			out := make([]float64, s.N*C)
			r.Predict(out, s.X, s.N)
			scorer := r.Rule.(rule.LabelScorer)
			for n := range s.N {
				x := s.Row(n)
				want := make([]float64, C)
				perLayer := scorer.LabelGoodness(x)
				for k := range C {
					g, _ := ref.goodness(x, k)
					for l, v := range g {
						want[k] += v / T
						if math.Abs(perLayer[l][k]-v) > 1e-9*(1+v) {
							t.Fatalf("example %d label %d layer %d: LabelGoodness %v, brute force %v", n, k, l, perLayer[l][k], v)
						}
					}
				}
				if softmaxReadout {
					ly := r.Net.Layers[r.Net.NumLayers()-1]
					_, last := ref.goodness(x, -1)
					z := rmsNorm(last)
					for k := range want {
						want[k] = ly.B.Value[k]
						for i, v := range z {
							want[k] += ly.W.Value[k*ly.In+i] * v
						}
					}
				} else if probe.Argmax(out[n*C:(n+1)*C]) != probe.Argmax(want) {
					t.Errorf("example %d: predicted %d, brute force %d (total goodness %v)", n, probe.Argmax(out[n*C:(n+1)*C]), probe.Argmax(want), want)
				}
				nn.Softmax(want)
				if !floats.EqualApprox(out[n*C:(n+1)*C], want, 1e-9) {
					t.Errorf("example %d: got %v, want %v", n, out[n*C:(n+1)*C], want)
				}
			}
			// The view: Forward leaves the same prediction in the output.
			r.Rule.(rule.Forwarder).Forward(s.X, s.N)
			if got := r.Net.Output(); !floats.EqualApprox(got, out, 1e-9) {
				t.Errorf("Forward's output differs from Predict")
			}
			// …and the normalised activities in the hidden layers.
			_, last := ref.goodness(s.Row(0), -1)
			L := r.Net.NumLayers()
			if got := r.Net.H[L-1][:len(last)]; !floats.EqualApprox(got, last, 1e-9) {
				t.Errorf("Forward's last hidden layer %v, want %v", got, last)
			}
		})
	}
}

// TestForwardForwardSeparatesGoodness: after training on a toy set, every
// hidden layer's mean goodness on test examples with their true label lies
// above its threshold and with a wrong label below it, G⁺ > θ_l > G⁻ (for
// the collaborative variant, whose layers share one decision, the sums
// over layers against the summed threshold).
func TestForwardForwardSeparatesGoodness(t *testing.T) {
	for _, test := range []struct {
		link   string
		summed bool
	}{
		{"rule=ff&data=xor&act=relu&opt=adam&lr=0.01&ff.peer=0.003&epochs=100", false},
		{"rule=ff&data=gauss&classes=3&act=relu&opt=adam&lr=0.01&epochs=50", false},
		{"rule=cff&data=xor&act=relu&opt=adam&lr=0.01&epochs=100", true},
	} {
		t.Run(test.link, func(t *testing.T) {
			r := trained(t, test.link)
			scorer := r.Rule.(rule.LabelScorer)
			h := r.Exp.RuleHyper()
			s, C := r.Test, r.Test.Classes
			L := r.Net.NumLayers()
			pos, neg := make([]float64, L-1), make([]float64, L-1)
			theta := make([]float64, L-1)
			for l := range theta {
				theta[l] = h["theta"] * float64(r.Net.Layers[l].Out)
			}
			for n := range s.N {
				g := scorer.LabelGoodness(s.Row(n))
				y := s.Labels[n]
				for l := range g {
					pos[l] += g[l][y] / float64(s.N)
					for k := range C {
						if k != y {
							neg[l] += g[l][k] / float64(s.N*(C-1))
						}
					}
				}
			}
			if test.summed {
				pos = []float64{floats.Sum(pos)}
				neg = []float64{floats.Sum(neg)}
				theta = []float64{floats.Sum(theta)}
			}
			for l := range pos {
				if !(pos[l] > theta[l] && theta[l] > neg[l]) {
					t.Errorf("layer %d: mean G⁺ %.2f, θ %.2f, mean G⁻ %.2f: want G⁺ > θ > G⁻", l+1, pos[l], theta[l], neg[l])
				}
				t.Logf("layer %d: mean G⁺ %.2f, θ %.2f, mean G⁻ %.2f", l+1, pos[l], theta[l], neg[l])
			}
		})
	}
}

// TestForwardForwardPasses: the cost of a step in forward-pass equivalents
// per example: two passes, one more for the softmax readout's neutral pass,
// one per label for hard negatives drawn from the goodness prediction.
func TestForwardForwardPasses(t *testing.T) {
	for _, test := range []struct {
		link string
		want float64
	}{
		{"rule=ff&act=relu&epochs=1", 2},
		{"rule=ff&act=relu&ff.readout=softmax&epochs=1", 3},
		{"rule=ff&act=relu&ff.negatives=hard&epochs=1", 2}, // two classes: the other label
		{"rule=ff&act=relu&classes=3&ff.negatives=hard&epochs=1", 5},
		{"rule=ff&act=relu&classes=3&ff.negatives=hard&ff.readout=softmax&epochs=1", 3},
		{"rule=cff&act=relu&epochs=1", 2},
	} {
		r := trained(t, test.link)
		if got := r.Passes(); math.Abs(got-test.want) > 1e-9 {
			t.Errorf("%s: %v passes per example after one epoch, want %v", test.link, got, test.want)
		}
	}
}

// TestForwardForwardRefuses: forward-forward needs labels and hidden
// layers; a link without them is an error, not a crash.
func TestForwardForwardRefuses(t *testing.T) {
	for _, link := range []string{"rule=ff&data=plane", "rule=ff&hidden=0", "rule=lls&data=plane"} {
		e, err := run.Decode(link)
		if err != nil {
			t.Fatalf("Decode(%q): %v", link, err)
		}
		if _, err := run.New(e); err == nil {
			t.Errorf("%s: New succeeded, want an error", link)
		}
	}
}

func BenchmarkForwardForward(b *testing.B) { benchmarkStep(b, "rule=ff&act=relu") }
func BenchmarkFFSoftmaxHard(b *testing.B) {
	benchmarkStep(b, "rule=ff&act=relu&classes=4&ff.readout=softmax&ff.negatives=hard")
}
func BenchmarkCollaborativeFF(b *testing.B) { benchmarkStep(b, "rule=cff&act=relu") }
func BenchmarkForwardForwardPredict(b *testing.B) {
	r := runFor(b, "rule=ff&act=relu&classes=4")
	out := make([]float64, r.Test.N*r.Test.Classes)
	b.ReportAllocs()
	r.Predict(out, r.Test.X, r.Test.N) // buffers are sized on the first call
	for b.Loop() {
		r.Predict(out, r.Test.X, r.Test.N)
	}
}

// benchmarkStep times the rule's Step on one batch of the default size
// (16 examples of the default 2-16-16 network), setup excluded.
func benchmarkStep(b *testing.B, link string) {
	r := runFor(b, link)
	batch := dataBatch(r)
	batch.N = min(batch.N, r.Exp.Batch)
	b.ReportAllocs()
	r.Rule.Step(batch) // buffers are sized on the first step
	for b.Loop() {
		r.Rule.Step(batch)
	}
}

// runFor is newRun for tests and benchmarks alike.
func runFor(tb testing.TB, link string) *run.Run {
	tb.Helper()
	e, err := run.Decode(link)
	if err != nil {
		tb.Fatalf("Decode(%q): %v", link, err)
	}
	r, err := run.New(e)
	if err != nil {
		tb.Fatalf("New(%q): %v", link, err)
	}
	return r
}

// trainRun trains r to the end of its epochs.
func trainRun(t *testing.T, r *run.Run) {
	t.Helper()
	for r.State() == run.Ready {
		r.Step()
	}
	if r.State() != run.Finished {
		t.Fatalf("state %s: %s", r.State(), r.Message())
	}
}

// metric returns the values of the probe with the given key.
func metric(t *testing.T, ms []probe.Metric, key string) []float64 {
	t.Helper()
	for _, m := range ms {
		if m.Key == key {
			return m.Values
		}
	}
	t.Fatalf("no probe %q", key)
	return nil
}

// TestForwardOnlyPaint: the page's frame (unit maps over the plane, the
// decision map, the probes) works for every rule of this family and shows
// forward-forward's own computation: the decision map's colours come from
// its prediction, and the input layer's maps are the examples themselves
// (the label units hold the neutral 1/C).
func TestForwardOnlyPaint(t *testing.T) {
	for _, link := range []string{
		"rule=ff&act=relu&epochs=2",
		"rule=ff&act=relu&classes=3&ff.readout=softmax&epochs=2",
		"rule=cff&act=relu&epochs=2",
		"rule=pepita&epochs=2",
		"rule=lls&lls.variant=mxm&epochs=2",
	} {
		r := trained(t, link)
		var s run.Snapshot
		r.Paint(&s, 32)
		if s.Grid != 32 || len(s.Decision) != 4*32*32 {
			t.Fatalf("%s: grid %d, %d decision bytes", link, s.Grid, len(s.Decision))
		}
		if len(s.Units) != len(r.Net.Sizes) {
			t.Errorf("%s: %d layers of unit maps, want %d", link, len(s.Units), len(r.Net.Sizes))
		}
		for _, key := range []string{"sparsity", "active_fraction"} {
			if v := metric(t, s.Probes, key); math.IsNaN(v[0]) {
				t.Errorf("%s: %s of the first hidden layer is NaN", link, key)
			}
		}
		if _, ok := r.Rule.(rule.Encoder); ok {
			// The label units show the neutral label everywhere.
			C := r.Train.Classes
			for k := range C {
				px := s.Units[0][r.Train.Dim+k]
				if px[0] != px[len(px)-4] || px[1] != px[len(px)-3] {
					t.Errorf("%s: label unit %d's map is not uniform", link, k)
				}
			}
		}
	}
}
