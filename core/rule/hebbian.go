package rule

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

// Shared pieces of the Hebbian family (RULES.md §6): plain Hebb, Oja,
// Sanger, winner-take-all, SoftHebb, Földiák and neuro-modulated Hebb.
//
// Structure (RULES.md §6.10, the "simultaneous" mode). Every hidden weight
// layer learns by the rule's local update from its own input x (the
// activity of the layer below, as the network computes it) and a
// post-synaptic activity y that the rule defines: linear y = W x for Oja
// and Sanger, a softmax for SoftHebb, one-hot for winner-take-all. The last
// weight layer is a readout trained by the delta rule,
//
//	g_{W_L} = mean (ŷ − y) h_{L−1}ᵀ,   g_{b_L} = mean (ŷ − y),
//
// on the hidden activity h_{L−1}; nothing is sent back from it, so the
// hidden layers never see a label. LayerRule says which layer learns how.
//
// Sign and rate. Hebbian rules are written in the ascent form ΔW = +η(…);
// the run applies W ← W − η·Grad with the common learning rate η and one
// optimizer for every parameter. Each rule therefore writes
// Grad = −Rate·(Hebbian term): η·Rate is the Hebbian learning rate and the
// readout learns at η. Normalisations that must follow the update (plain
// Hebb's row normalisation) run in AfterStep; SoftHebb's per-neuron
// adaptive rate is folded into the pseudo-gradient. Both are exact under
// plain SGD; momentum and Adam reshape them, which is why the rules suggest
// opt=sgd.
//
// Layer indices in code are 0-based: weight layer l maps n_l inputs to
// n_{l+1} outputs (nn.Layer In, Out); layers 0 … L−2 are hidden, L−1 is the
// readout.

// hebbianRate is the parameter every Hebbian rule has: its learning rate
// relative to the common one.
func hebbianRate(def float64) Param {
	return Param{
		Key: "rate", Label: "Hebbian rate ×",
		Help:    "The hidden layers' learning rate as a multiple of the common one (the readout learns at the common rate); 0 freezes them: a random-feature baseline.",
		Default: def, Min: 0, Max: 100,
	}
}

// readoutRule is what LayerRule says of the readout.
const readoutRule = "delta rule (supervised readout)"

// hebbianFrame is the common frame of the family: a forward pass, a local
// update of every hidden layer, the delta rule for the readout.
type hebbianFrame struct {
	net  *nn.Net
	Rate float64 // Hebbian rate relative to the common learning rate
	name string  // how the hidden layers learn, for LayerRule

	// hidden writes the pseudo-gradient of hidden layer l into its Grad
	// buffers, from the layer's input x (N×In) and the net's state after
	// forward (A[l] holds W x + b, H[l+1] the layer's activity).
	hidden func(l int, x []float64, N int)
	// rep, if set, computes a hidden layer's activity h from its
	// pre-activation a (N×Out) instead of the network's activation: the
	// competition or settling the rule's neurons perform.
	rep func(l int, h, a []float64, N int)

	wt [][]float64 // Wᵀ per layer, for forward passes with rep

	// Winners, for the dead-unit probe: seen counts training examples,
	// lastWin[l][j] is the value of seen when unit j of hidden layer l
	// last won (−1: never).
	seen    int
	lastWin [][]int
}

func newHebbianFrame(net *nn.Net, rate float64, name string) hebbianFrame {
	f := hebbianFrame{net: net, Rate: rate, name: name}
	f.wt = make([][]float64, net.NumLayers())
	for l, ly := range net.Layers {
		f.wt[l] = make([]float64, ly.In*ly.Out)
	}
	return f
}

// trackWinners turns on the dead-unit probe.
func (f *hebbianFrame) trackWinners() {
	f.lastWin = make([][]int, f.net.NumLayers()-1)
	for l := range f.lastWin {
		f.lastWin[l] = make([]int, f.net.Layers[l].Out)
		for j := range f.lastWin[l] {
			f.lastWin[l][j] = -1
		}
	}
}

// forward runs the network on x the way the rule computes it, leaving A,
// H and Output() where nn.Net.Forward leaves them.
func (f *hebbianFrame) forward(x []float64, N int) {
	net := f.net
	net.Forward(x, N) // sizes the workspace, records N, and sets A[0]
	if f.rep == nil {
		return
	}
	L := net.NumLayers()
	for l := 0; l < L-1; l++ {
		ly, up := net.Layers[l], net.Layers[l+1]
		f.rep(l, net.H[l+1][:N*ly.Out], net.A[l][:N*ly.Out], N)
		nn.Transpose(f.wt[l+1], up.W.Value, up.Out, up.In)
		a := net.A[l+1][:N*up.Out]
		nn.Affine(a, net.H[l+1], f.wt[l+1], up.B.Value, N, up.In, up.Out)
		up.Act.Apply(net.H[l+2][:N*up.Out], a) // the readout's is linear
	}
	if net.Loss == nn.CrossEntropy {
		k := net.Outputs()
		out := net.H[L][:N*k]
		for n := 0; n < N; n++ {
			nn.Softmax(out[n*k : (n+1)*k])
		}
	}
}

// step is one update: a forward pass, every hidden layer's local rule,
// and, with labels, the delta rule for the readout (without labels the
// readout's Grad stays zero).
func (f *hebbianFrame) step(b *data.Batch, labels bool) {
	net := f.net
	N := b.N
	f.forward(b.X, N)
	L := net.NumLayers()
	for l := 0; l < L-1; l++ {
		ly := net.Layers[l]
		clear(ly.W.Grad)
		clear(ly.B.Grad)
		f.hidden(l, net.H[l], N)
	}
	if labels {
		net.OutputError(b.Y)
		net.LayerGradient(L-1, net.Delta[L-1], net.H[L-1])
	}
	f.seen += N
}

// LayerRule implements LayerLearner.
func (f *hebbianFrame) LayerRule(l int) string {
	if l == f.net.NumLayers()-1 {
		return readoutRule
	}
	return "Hebbian (" + f.name + ")"
}

// noteWinners records, for hidden layer l, the unit with the largest u in
// each of the N rows of u (N×m).
func (f *hebbianFrame) noteWinners(l int, u []float64, N, m int) {
	if f.lastWin == nil {
		return
	}
	for n := 0; n < N; n++ {
		f.lastWin[l][probe.Argmax(u[n*m:(n+1)*m])] = f.seen + n
	}
}

// deadWindow is the number of recent training examples over which a unit
// must win at least once not to count as dead.
const deadWindow = 1000

// deadUnits returns, per layer, the share of hidden units that won none of
// the last deadWindow training examples (none at all, early on); NaN for
// the readout.
func (f *hebbianFrame) deadUnits() []float64 {
	L := f.net.NumLayers()
	v := nanSlice(L)
	if f.seen == 0 {
		return v
	}
	for l, last := range f.lastWin {
		dead := 0
		for _, s := range last {
			if s < 0 || f.seen-s > deadWindow {
				dead++
			}
		}
		v[l] = float64(dead) / float64(len(last))
	}
	return v
}

// probes returns the family's common diagnostics: the row norms of every
// hidden layer, and the dead units of competitive rules.
func (f *hebbianFrame) probes(dst []probe.Metric) []probe.Metric {
	L := f.net.NumLayers()
	mean, spread := nanSlice(L), nanSlice(L)
	for l := 0; l < L-1; l++ {
		ly := f.net.Layers[l]
		mean[l], spread[l] = rowNormStats(ly.W.Value, ly.Out, ly.In)
	}
	dst = append(dst,
		probe.Metric{Key: "row_norm", Label: "Weight norm per unit", PerLayer: true, Values: mean,
			Help: "Mean length ‖w_i‖ of the hidden units' weight vectors: Oja's and SoftHebb's rules drive it to 1, plain Hebb without normalisation lets it grow."},
		probe.Metric{Key: "row_norm_spread", Label: "Spread of weight norms", PerLayer: true, Values: spread,
			Help: "Standard deviation of ‖w_i‖ across a layer's units: near 0 once every unit has converged."})
	if f.lastWin != nil {
		dst = append(dst, probe.Metric{Key: "dead_units", Label: "Dead units", PerLayer: true, Values: f.deadUnits(),
			Help: "Share of a hidden layer's units that won the competition for none of the last 1000 training examples: they learn nothing and code for nothing."})
	}
	return dst
}

// rowNormStats returns the mean and standard deviation of the Euclidean
// norms of the rows of w (rows×cols).
func rowNormStats(w []float64, rows, cols int) (mean, sd float64) {
	var s, s2 float64
	for i := 0; i < rows; i++ {
		n := probe.Norm(w[i*cols : (i+1)*cols])
		s += n
		s2 += n * n
	}
	mean = s / float64(rows)
	return mean, math.Sqrt(math.Max(0, s2/float64(rows)-mean*mean))
}

// normaliseRows scales every nonzero row of w (rows×cols) to unit length.
func normaliseRows(w []float64, rows, cols int) {
	for i := 0; i < rows; i++ {
		r := w[i*cols : (i+1)*cols]
		if n := probe.Norm(r); n > 0 {
			scale(r, 1/n)
		}
	}
}

func nanSlice(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = math.NaN()
	}
	return v
}

// softmaxRows sets dst to the row-wise softmax of β·a (N×m).
func softmaxRows(dst, a []float64, beta float64, N, m int) {
	dst = dst[:N*m]
	for i, v := range a[:N*m] {
		dst[i] = beta * v
	}
	for n := 0; n < N; n++ {
		nn.Softmax(dst[n*m : (n+1)*m])
	}
}

// oneHotRows sets dst to the row-wise one-hot code of argmax a (N×m).
func oneHotRows(dst, a []float64, N, m int) {
	clear(dst[:N*m])
	for n := 0; n < N; n++ {
		dst[n*m+probe.Argmax(a[n*m:(n+1)*m])] = 1
	}
}

// competitive is the update of SoftHebb's repository for a layer with
// post-synaptic activity y (soft or hard winner-take-all) and u = W x
// (NeuromorphicComputing/SoftHebb, hebblinear.py, RULES.md §6.5):
//
//	ΔW = Σ_n [ y xᵀ − (y ⊙ u) W ],   ΔW ← ΔW / max|ΔW|,   η_i = η (|‖w_i‖ − 1| + 10⁻¹⁰)^0.2
//
// with the per-neuron adaptive rate η_i when adaptive is set (its exponent
// power_lr = 0.2 is the MLP default of the repository's presets.json). It
// writes Grad = −rate·η_i/η·ΔW into g (Out×In); dw is scratch of W's size.
type competitive struct {
	Adaptive bool
	dw       []float64
	s        []float64 // Σ_n y_i u_i
}

func (c *competitive) update(g []float64, ly *nn.Layer, x, y, u []float64, N int, rate float64) {
	in, out := ly.In, ly.Out
	c.dw = grow(c.dw, in*out)
	c.s = grow(c.s, out)
	clear(c.dw)
	nn.AddOuter(c.dw, nil, y[:N*out], x[:N*in], N, in, out, 1)
	clear(c.s)
	for n := 0; n < N; n++ {
		yr, ur := y[n*out:(n+1)*out], u[n*out:(n+1)*out]
		for i, yi := range yr {
			c.s[i] += yi * ur[i]
		}
	}
	w := ly.W.Value
	big := 0.0
	for i := 0; i < out; i++ {
		dr, wr := c.dw[i*in:(i+1)*in], w[i*in:(i+1)*in]
		si := c.s[i]
		for k, wk := range wr {
			dr[k] -= si * wk
			big = math.Max(big, math.Abs(dr[k]))
		}
	}
	if big == 0 {
		clear(g)
		return
	}
	for i := 0; i < out; i++ {
		eta := 1.0
		if c.Adaptive {
			// v^0.2 as exp(0.2 log v): nn's exp and log give the same
			// bits natively and in WebAssembly, math.Pow's need not.
			eta = nn.Exp(0.2 * nn.Log(math.Abs(probe.Norm(w[i*in:(i+1)*in])-1)+1e-10))
		}
		k := -rate * eta / big
		dr, gr := c.dw[i*in:(i+1)*in], g[i*in:(i+1)*in]
		for j, d := range dr {
			gr[j] = k * d
		}
	}
}

// initRadius draws every hidden layer's weights uniform so that the rows
// have norm about r (SoftHebb, utils.py init_weight and RULES.md §6.5: for
// U(0, a) or U(−a, a), E‖w‖² = n a²/3, so a = r·√(3/n)), positive (the
// repository's "positive" distribution) or symmetric about 0, with zero
// biases.
func initRadius(net *nn.Net, r float64, positive bool, rnd *rand.Rand) {
	for l := 0; l < net.NumLayers()-1; l++ {
		ly := net.Layers[l]
		a := r * math.Sqrt(3/float64(ly.In))
		for i := range ly.W.Value {
			v := rnd.Float64() * a
			if !positive {
				v = (2*rnd.Float64() - 1) * a
			}
			ly.W.Value[i] = v
		}
		clear(ly.B.Value)
	}
}

// radiusParam and initParam set initRadius.
var (
	radiusParam = Param{
		Key: "radius", Label: "Initial weight norm",
		Help:    "Initial ‖w_i‖ of hidden units; the adaptive rate then drives it to 1 (SoftHebb's MNIST preset: 35, which needs thousands of updates to converge).",
		Default: 4, Min: 0.1, Max: 100, Log: true,
	}
	initParam = Param{
		Key: "init", Label: "Initial weights",
		Help:    "positive: U(0, a), SoftHebb's choice for non-negative inputs such as images; symmetric: U(−a, a), for inputs centred on 0.",
		Default: 1, Max: 1, Choices: []string{"positive", "symmetric"},
	}
)

// ---------------------------------------------------------------------
// Principal components of a layer's inputs, for the pc_angle probe.

// pcaProbe keeps a layer's most recent inputs and their principal
// components, recomputed (off the hot path, when a probe asks) once the
// buffer has turned over since the last computation.
type pcaProbe struct {
	dim    int
	rows   []float64 // ring buffer of up to size inputs
	size   int
	filled int
	next   int
	added  int // inputs added since the components were computed
	center bool
	pcs    *mat.Dense // k×dim, rows by decreasing variance
	vals   []float64  // their variances (eigenvalues), decreasing
}

func newPCAProbe(dim int, center bool) *pcaProbe {
	size := max(256, min(2048, 131072/dim))
	return &pcaProbe{dim: dim, size: size, rows: make([]float64, size*dim), center: center}
}

// add copies the N inputs of x (N×dim) into the buffer.
func (p *pcaProbe) add(x []float64, N int) {
	for n := 0; n < N; n++ {
		copy(p.rows[p.next*p.dim:(p.next+1)*p.dim], x[n*p.dim:(n+1)*p.dim])
		p.next = (p.next + 1) % p.size
		p.filled = min(p.filled+1, p.size)
	}
	p.added += N
}

// components returns the principal directions of the buffered inputs
// (eigenvectors of their covariance, or of their second moment E[x xᵀ]
// without centring), one per row, by decreasing eigenvalue, leaving out
// directions without variance (eigenvalues below 10⁻⁹ of the largest),
// which have no defined axis; nil before any input.
func (p *pcaProbe) components() *mat.Dense {
	if p.filled == 0 {
		return nil
	}
	if p.pcs != nil && p.added < p.size {
		return p.pcs
	}
	S, d := p.filled, p.dim
	x := mat.NewDense(S, d, append([]float64(nil), p.rows[:S*d]...))
	if p.center {
		for j := 0; j < d; j++ {
			m := 0.0
			for i := 0; i < S; i++ {
				m += x.At(i, j)
			}
			m /= float64(S)
			for i := 0; i < S; i++ {
				x.Set(i, j, x.At(i, j)-m)
			}
		}
	}
	var eig mat.EigenSym
	var vecs mat.Dense
	k := min(S, d)
	var pcs *mat.Dense
	if d <= S {
		var c mat.SymDense
		c.SymOuterK(1/float64(S), x.T())
		if !eig.Factorize(&c, true) {
			return nil
		}
		eig.VectorsTo(&vecs)
		vals := eig.Values(nil)
		k = rank(vals, k)
		p.vals = descending(vals, k)
		pcs = mat.NewDense(max(k, 1), d, nil)
		for i := 0; i < k; i++ { // eigenvalues ascend: take them from the end
			for j := 0; j < d; j++ {
				pcs.Set(i, j, vecs.At(j, d-1-i))
			}
		}
	} else {
		// More dimensions than samples: the eigenvectors u of the S×S Gram
		// matrix X Xᵀ give the principal directions Xᵀu/‖Xᵀu‖.
		var g mat.SymDense
		g.SymOuterK(1/float64(S), x)
		if !eig.Factorize(&g, true) {
			return nil
		}
		eig.VectorsTo(&vecs)
		vals := eig.Values(nil)
		k = rank(vals, k)
		p.vals = descending(vals, k)
		pcs = mat.NewDense(max(k, 1), d, nil)
		var v mat.VecDense
		for i := 0; i < k; i++ {
			v.MulVec(x.T(), vecs.ColView(S-1-i))
			if n := mat.Norm(&v, 2); n > 0 {
				v.ScaleVec(1/n, &v)
			}
			pcs.SetRow(i, v.RawVector().Data)
		}
	}
	if k == 0 {
		pcs, p.vals = nil, nil
	}
	p.pcs, p.added = pcs, 0
	return pcs
}

// descending returns the k largest of the ascending vals, largest first.
func descending(vals []float64, k int) []float64 {
	out := make([]float64, k)
	for i := range out {
		out[i] = vals[len(vals)-1-i]
	}
	return out
}

// rank returns how many of the largest of the ascending eigenvalues vals
// (at most k) exceed 10⁻⁹ of the largest.
func rank(vals []float64, k int) int {
	n := len(vals)
	if n == 0 || vals[n-1] <= 0 {
		return 0
	}
	r := 0
	for r < k && vals[n-1-r] > 1e-9*vals[n-1] {
		r++
	}
	return r
}

// eigenTies is the relative difference below which two eigenvalues count
// as equal: their eigenvectors are then no single axis, and a unit is
// compared with the eigenspace they span.
const eigenTies = 0.05

// angleToComponent returns the angle in degrees between w and principal
// component j of p's inputs: arccos(‖P w‖/‖w‖), P the projection onto
// the eigenspace of the eigenvalues within eigenTies of λ_j (for a simple
// eigenvalue, the angle to the axis ±v_j, in [0°, 90°]); NaN if w is zero.
func (p *pcaProbe) angleToComponent(w []float64, j int) float64 {
	nw := probe.Norm(w)
	if nw == 0 {
		return math.NaN()
	}
	lj := p.vals[j]
	ss := 0.0
	for m, l := range p.vals {
		if math.Abs(l-lj) > eigenTies*lj {
			continue
		}
		dot := 0.0
		for k, v := range p.pcs.RawRowView(m) {
			dot += v * w[k]
		}
		ss += dot * dot
	}
	c := math.Min(1, math.Sqrt(ss)/nw)
	return math.Acos(c) * 180 / math.Pi
}

// angles returns, for the rows of w (m×d), the mean angle between row i
// and principal component pcIndex(i) of p's inputs (rows i with
// pcIndex(i) < 0 or beyond the components are skipped).
func (p *pcaProbe) angles(w []float64, m, d int, pcIndex func(i int) int) float64 {
	if p.components() == nil {
		return math.NaN()
	}
	sum, cnt := 0.0, 0
	for i := 0; i < m; i++ {
		j := pcIndex(i)
		if j < 0 || j >= len(p.vals) {
			continue
		}
		if a := p.angleToComponent(w[i*d:(i+1)*d], j); !math.IsNaN(a) {
			sum += a
			cnt++
		}
	}
	if cnt == 0 {
		return math.NaN()
	}
	return sum / float64(cnt)
}

// pcAngleMetric wraps per-layer principal-axis angles as a probe.
func pcAngleMetric(v []float64, help string) probe.Metric {
	return probe.Metric{Key: "pc_angle", Label: "Angle to principal components", Unit: "°", PerLayer: true, Values: v,
		Help: help + " Components whose variances lie within 5 % of each other have no single axis: the angle is then to the space they span."}
}

// ---------------------------------------------------------------------
// Centring, for the rules that compute principal components.

// centring keeps a running mean μ of every hidden layer's input, so that a
// rule can learn from x − μ (principal components of the covariance, not
// of E[x xᵀ]), and sets the layer's bias to −W μ, so that the network's
// own pre-activation W x + b is the centred projection W (x − μ).
type centring struct {
	on   bool
	mu   [][]float64
	seen []int
	xc   []float64 // x − μ, N×In scratch
}

// centringWindow is the memory of the running mean, in examples.
const centringWindow = 1000

func newCentring(net *nn.Net, on bool) centring {
	c := centring{on: on, mu: make([][]float64, net.NumLayers()-1), seen: make([]int, net.NumLayers()-1)}
	for l := range c.mu {
		c.mu[l] = make([]float64, net.Layers[l].In)
	}
	return c
}

// input returns the layer's input as the rule learns from it: x − μ_l
// (after folding this batch into μ_l), or x itself without centring.
func (c *centring) input(l int, x []float64, N, in int) []float64 {
	if !c.on {
		return x[:N*in]
	}
	mu := c.mu[l]
	for n := 0; n < N; n++ {
		c.seen[l]++
		w := max(1/float64(c.seen[l]), 1/float64(centringWindow))
		for k, v := range x[n*in : (n+1)*in] {
			mu[k] += w * (v - mu[k])
		}
	}
	c.xc = grow(c.xc, N*in)
	for n := 0; n < N; n++ {
		xr, cr := x[n*in:(n+1)*in], c.xc[n*in:(n+1)*in]
		for k, v := range xr {
			cr[k] = v - mu[k]
		}
	}
	return c.xc
}

// setBias sets hidden layer l's bias to −W μ_l (zero without centring).
func (c *centring) setBias(net *nn.Net, l int) {
	ly := net.Layers[l]
	if !c.on {
		clear(ly.B.Value)
		return
	}
	mu := c.mu[l]
	for i := 0; i < ly.Out; i++ {
		s := 0.0
		for k, w := range ly.W.Value[i*ly.In : (i+1)*ly.In] {
			s += w * mu[k]
		}
		ly.B.Value[i] = -s
	}
}

// centreParam switches centring on or off.
var centreParam = Param{
	Key: "center", Label: "Centre inputs",
	Help:    "on: learn from x − μ (μ a running mean of the layer's input), so that the rows find principal components of the covariance; off: of E[x xᵀ].",
	Default: 1, Max: 1, Choices: []string{"off", "on"},
}

// ---------------------------------------------------------------------
// The principal-component rules: plain Hebb, Oja and Sanger.

// pcaFamily is the frame of the rules whose neurons are linear,
// y = W (x − μ): they learn principal components. The network shows y
// through its own activation, h = f(y) (linear with act=linear), because
// the bias is kept at −W μ.
type pcaFamily struct {
	hebbianFrame
	centre centring
	inputs []*pcaProbe // per hidden layer: its recent inputs
	y      []float64   // N×Out scratch: the linear responses
	zero   []float64   // zero bias for nn.Affine

	// learn writes hidden layer l's pseudo-gradient g (Out×In) from its
	// centred input x and responses y.
	learn func(l int, g, x, y []float64, N int)
}

func newPCAFamily(net *nn.Net, h Hyper, name string) *pcaFamily {
	p := &pcaFamily{hebbianFrame: newHebbianFrame(net, h["rate"], name)}
	p.centre = newCentring(net, h["center"] == 1)
	p.inputs = make([]*pcaProbe, net.NumLayers()-1)
	widest := 0
	for l := range p.inputs {
		p.inputs[l] = newPCAProbe(net.Layers[l].In, p.centre.on)
		widest = max(widest, net.Layers[l].In, net.Layers[l].Out)
	}
	p.zero = make([]float64, widest)
	p.hidden = p.layer
	return p
}

// layer computes y = W (x − μ) and hands over to learn.
func (p *pcaFamily) layer(l int, x []float64, N int) {
	ly := p.net.Layers[l]
	in, out := ly.In, ly.Out
	p.inputs[l].add(x, N)
	xc := p.centre.input(l, x, N, in)
	p.y = grow(p.y, N*out)
	nn.Transpose(p.wt[l], ly.W.Value, out, in)
	nn.Affine(p.y, xc, p.wt[l], p.zero[:out], N, in, out)
	p.learn(l, ly.W.Grad, xc, p.y, N)
}

// Step implements Rule.
func (p *pcaFamily) Step(b *data.Batch) { p.step(b, true) }

// Adapt implements Adapter: the hidden layers go on learning, the readout
// is frozen.
func (p *pcaFamily) Adapt(b *data.Batch) { p.step(b, false) }

// AfterStep implements AfterStepper: the biases follow the running means.
func (p *pcaFamily) AfterStep(*data.Batch) {
	for l := range p.inputs {
		p.centre.setBias(p.net, l)
	}
}

// pcAngles returns, per layer, the mean angle between each hidden unit's
// weights and the principal axis pcIndex(i) of the layer's recent inputs.
func (p *pcaFamily) pcAngles(pcIndex func(i int) int) []float64 {
	v := nanSlice(p.net.NumLayers())
	for l, pr := range p.inputs {
		ly := p.net.Layers[l]
		v[l] = pr.angles(ly.W.Value, ly.Out, ly.In, pcIndex)
	}
	return v
}
