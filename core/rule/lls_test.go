package rule_test

import (
	"math"
	"slices"
	"testing"

	"plasticity/core/nn"
	"plasticity/core/rule"
)

// TestLLSGradient checks one Step against finite differences of each
// hidden layer's own loss, ℒ_l = mean CE(s_l, y) with s_l = P û_l/τ (or
// m ⊙ P û_l/τ, Mᵀ P û_l/τ), computed here from the net's forward pass: the
// layer's W_l, b_l and m_l or M_l must get exactly ∂ℒ_l/∂θ (the layer's
// input does not depend on them, so holding it fixed is automatic), and
// the output layer the gradient of its cross-entropy.
func TestLLSGradient(t *testing.T) {
	for _, test := range []struct {
		name, link string
	}{
		{"lls tanh", "&act=tanh"},
		{"lls leakyrelu τ=0.2", "&act=leakyrelu&lls.temp=0.2"},
		{"m", "&act=tanh&lls.variant=m"},
		{"mxm sigmoid", "&act=sigmoid&lls.variant=mxm"},
	} {
		t.Run(test.name, func(t *testing.T) {
			r := newRun(t, "rule=lls&data=gauss&classes=3&hidden=5,4&train=12&batch=12"+test.link)
			// Train a little so that m and M are not near zero.
			for range 20 {
				r.Step()
			}
			b := dataBatch(r)
			for _, p := range r.Net.Params() {
				clear(p.Grad)
			}
			lls := r.Rule.(*rule.LLS)
			for _, p := range lls.Params() {
				clear(p.Grad)
			}
			lls.Step(b)
			net := r.Net
			L, C := net.NumLayers(), net.Outputs()
			tau := r.Exp.RuleHyper()["temp"]
			for l := 0; l < L-1; l++ {
				n := net.Layers[l].Out
				P := lls.Basis(l)
				loss := func() float64 {
					net.Forward(b.X, b.N)
					s := 0.0
					for i := range b.N {
						u := net.H[l+1][i*n : (i+1)*n]
						norm := 0.0
						for _, v := range u {
							norm += v * v
						}
						norm = math.Sqrt(norm)
						q := make([]float64, C)
						for k := range C {
							for j, v := range u {
								q[k] += P[k*n+j] * v / norm
							}
						}
						z := make([]float64, C)
						switch mods := lls.Params(); {
						case len(mods) == 0:
							copy(z, q)
						case mods[l].Cols == 1: // m ⊙ q
							for k := range C {
								z[k] = mods[l].Value[k] * q[k]
							}
						default: // Mᵀ q
							for k := range C {
								for i := range C {
									z[k] += mods[l].Value[i*C+k] * q[i]
								}
							}
						}
						for k := range z {
							z[k] /= tau
						}
						nn.Softmax(z)
						s -= math.Log(z[b.Labels[i]])
					}
					return s / float64(b.N)
				}
				ps := []*nn.Param{net.Layers[l].W, net.Layers[l].B}
				if mods := lls.Params(); len(mods) > 0 {
					ps = append(ps, mods[l])
				}
				for _, p := range ps {
					checkParamGradient(t, p, loss, 1)
				}
			}
			out := net.Layers[L-1]
			loss := func() float64 {
				net.Forward(b.X, b.N)
				return net.LossValue(b.Y)
			}
			checkParamGradient(t, out.W, loss, 1)
			checkParamGradient(t, out.B, loss, 1)
		})
	}
}

// TestLLSBasis: P_{kj} = sin(ω_k j) with ω_k evenly spaced from 50 to 512,
// one row per class and one column per unit of the layer, and it never
// changes: the same after training as before, while the local losses
// fall.
func TestLLSBasis(t *testing.T) {
	for _, variant := range []string{"lls", "m", "mxm"} {
		t.Run(variant, func(t *testing.T) {
			r := newRun(t, "rule=lls&data=gauss&classes=3&hidden=16,8&act=leakyrelu&opt=adam&lr=0.01&epochs=30&lls.variant="+variant)
			lls := r.Rule.(*rule.LLS)
			omega := []float64{50, 281, 512}
			for l, n := range []int{16, 8} {
				P := lls.Basis(l)
				if len(P) != 3*n {
					t.Fatalf("layer %d: basis has %d entries, want 3×%d", l+1, len(P), n)
				}
				for k, w := range omega {
					for j := range n {
						if want := math.Sin(w * float64(j)); P[k*n+j] != want {
							t.Fatalf("layer %d: P[%d,%d] = %v, want sin(%g·%d) = %v", l+1, k, j, P[k*n+j], w, j, want)
						}
					}
				}
			}
			before := [][]float64{slices.Clone(lls.Basis(0)), slices.Clone(lls.Basis(1))}
			trainRun(t, r)
			for l := range before {
				if !slices.Equal(lls.Basis(l), before[l]) {
					t.Errorf("layer %d: the basis changed in training", l+1)
				}
			}
			h := r.History()
			first := metric(t, h[1].Probes, "local_loss")
			last := metric(t, h[len(h)-1].Probes, "local_loss")
			for l := range 2 {
				if !(last[l] < 0.8*first[l]) {
					t.Errorf("layer %d: local loss %.3f after epoch 1, %.3f at the end: want a fall of at least 20%%", l+1, first[l], last[l])
				}
				t.Logf("layer %d: local loss %.3f → %.3f, local accuracy %.3f", l+1, first[l], last[l], metric(t, h[len(h)-1].Probes, "local_accuracy")[l])
			}
		})
	}
}

func BenchmarkLLS(b *testing.B) { benchmarkStep(b, "rule=lls&act=leakyrelu") }
func BenchmarkLLSMxM(b *testing.B) {
	benchmarkStep(b, "rule=lls&act=leakyrelu&classes=4&lls.variant=mxm")
}
