package nn

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
)

// Param is one trainable tensor: its values, the gradient (or the rule's
// pseudo-gradient) that the optimizer will apply, and its shape.
type Param struct {
	Name       string
	Value      []float64
	Grad       []float64
	Rows, Cols int
	// Decay says whether L1/L2 penalties apply (weights yes, biases no).
	Decay bool
}

// NewParam returns a zero rows×cols parameter.
func NewParam(name string, rows, cols int, decay bool) *Param {
	return &Param{
		Name: name, Rows: rows, Cols: cols, Decay: decay,
		Value: make([]float64, rows*cols), Grad: make([]float64, rows*cols),
	}
}

// Layer is one weight layer: a = W·h_prev + b, h = f(a).
type Layer struct {
	In, Out int
	W       *Param // Out×In
	B       *Param // Out×1
	Act     Activation
	wt      []float64 // Wᵀ, In×Out, refreshed by Forward
	gt      []float64 // the gradient transposed, In×Out (LayerGradient's scratch)
}

// Loss is the output nonlinearity with its loss.
type Loss int

const (
	// CrossEntropy is softmax outputs with the cross-entropy loss, for
	// classification with one-hot targets.
	CrossEntropy Loss = iota
	// MSE is identity outputs with ½‖ŷ−y‖², for regression.
	MSE
)

// Net is a multilayer perceptron with its training workspace.
//
// After Forward(x, N): A[l] and H[l+1] hold layer l's pre-activations and
// outputs for the N examples (l = 0 … L−1) and H[0] is x. After Backward,
// Delta[l] holds ∂ℒ/∂a for layer l and every layer's W.Grad and B.Grad hold
// the batch-mean gradient.
type Net struct {
	Sizes  []int // n_0 (inputs), n_1, …, n_L (outputs)
	Layers []*Layer
	Loss   Loss

	A     [][]float64 // pre-activations, per layer, N×n_l
	H     [][]float64 // H[0] is the input, H[l+1] the output of layer l
	Delta [][]float64 // errors ∂ℒ/∂a, per layer
	back  [][]float64 // scratch for errors sent back, per layer, N×n_{l-1}
	cap   int         // batch capacity of the workspace
	n     int         // rows of the last Forward
	es    []float64   // LayerGradient's scratch: the errors scaled by 1/N, N×n_l

	// input lists the nonzero inputs of the last Forward (H[0]) when they
	// are few enough for the sparse kernels, nil otherwise: inputNZ,
	// filled by sparseInput, or the list ForwardIndexed was given. active
	// is AddOuterSparse's scratch.
	input   *NonZero
	inputNZ NonZero
	active  []int32

	// Spiking is nil for ordinary units; otherwise the hidden layers are
	// leaky integrate-and-fire neurons simulated over time (spiking.go).
	Spiking *Spiking
}

// Init names an initialiser. Its keys appear in links.
type Init int

const (
	// Auto picks He for ReLU-like activations and Glorot otherwise.
	Auto Init = iota
	// Glorot is U(±√(6/(n_in+n_out))) (Glorot & Bengio 2010).
	Glorot
	// He is U(±√(6/n_in)) (He et al. 2015).
	He
)

var initKeys = [...]string{Auto: "auto", Glorot: "glorot", He: "he"}

// InitKeys returns the link keys of the initialisers.
func InitKeys() []string { return initKeys[:] }

// ParseInit returns the initialiser whose key is s.
func ParseInit(s string) (Init, error) {
	for i, k := range initKeys {
		if k == s {
			return Init(i), nil
		}
	}
	return 0, fmt.Errorf("unknown initialiser %q (want one of %v)", s, initKeys)
}

func (i Init) String() string { return initKeys[i] }

// Config describes a network to build.
type Config struct {
	Sizes  []int // inputs, hidden sizes…, outputs
	Hidden Activation
	Loss   Loss
	Init   Init
	Scale  float64 // multiplies the initial weights; 0 means 1
	// Spiking, if not nil, makes the hidden layers spiking neurons
	// (spiking.go). Hidden then chooses the initialiser under Auto and
	// the derivative of rules that apply f′ themselves, nothing else.
	Spiking *SpikingConfig
}

// New builds a network with weights drawn from rnd.
func New(c Config, rnd *rand.Rand) *Net {
	if len(c.Sizes) < 2 {
		panic("nn: a network needs at least an input and an output size")
	}
	net := &Net{Sizes: append([]int(nil), c.Sizes...), Loss: c.Loss}
	for l := 1; l < len(c.Sizes); l++ {
		in, out := c.Sizes[l-1], c.Sizes[l]
		if in <= 0 || out <= 0 {
			panic(fmt.Sprintf("nn: layer size %d", min(in, out)))
		}
		act := c.Hidden
		if l == len(c.Sizes)-1 {
			act = Linear // the output nonlinearity belongs to the loss
		}
		ly := &Layer{
			In: in, Out: out, Act: act,
			W:  NewParam(fmt.Sprintf("W%d", l), out, in, true),
			B:  NewParam(fmt.Sprintf("b%d", l), out, 1, false),
			wt: make([]float64, in*out),
		}
		net.Layers = append(net.Layers, ly)
	}
	if c.Spiking != nil {
		net.Spiking = newSpiking(*c.Spiking)
	}
	net.Reinit(c, rnd)
	return net
}

// Reinit draws fresh weights from rnd and zeroes the biases.
func (net *Net) Reinit(c Config, rnd *rand.Rand) {
	scale := c.Scale
	if scale == 0 {
		scale = 1
	}
	for _, ly := range net.Layers {
		InitUniform(ly.W.Value, InitRange(c.Init, c.Hidden, ly.In, ly.Out)*scale, rnd)
		clear(ly.B.Value)
	}
}

// InitRange returns the half-width of the uniform initial weights of an
// in→out layer whose inputs come through activation f.
func InitRange(init Init, f Activation, in, out int) float64 {
	if init == Auto {
		init = Glorot
		if f == ReLU || f == LeakyReLU {
			init = He
		}
	}
	if init == He {
		return sqrt(6 / float64(in))
	}
	return sqrt(6 / float64(in+out))
}

// InitUniform fills w with draws from U(−r, r).
func InitUniform(w []float64, r float64, rnd *rand.Rand) {
	for i := range w {
		w[i] = (2*rnd.Float64() - 1) * r
	}
}

// NumLayers returns L, the number of weight layers.
func (net *Net) NumLayers() int { return len(net.Layers) }

// Inputs returns n_0.
func (net *Net) Inputs() int { return net.Sizes[0] }

// Outputs returns n_L.
func (net *Net) Outputs() int { return net.Sizes[len(net.Sizes)-1] }

// Params returns the network's parameters: W and b of each layer in order.
func (net *Net) Params() []*Param {
	ps := make([]*Param, 0, 2*len(net.Layers))
	for _, ly := range net.Layers {
		ps = append(ps, ly.W, ly.B)
	}
	return ps
}

// Reserve makes the workspace hold batches of up to n examples.
func (net *Net) Reserve(n int) {
	if n <= net.cap {
		return
	}
	L := len(net.Layers)
	net.A = make([][]float64, L)
	net.H = make([][]float64, L+1)
	net.Delta = make([][]float64, L)
	net.back = make([][]float64, L)
	for l, ly := range net.Layers {
		net.A[l] = make([]float64, n*ly.Out)
		net.H[l+1] = make([]float64, n*ly.Out)
		net.Delta[l] = make([]float64, n*ly.Out)
		net.back[l] = make([]float64, n*ly.In)
		if ly.gt == nil {
			ly.gt = make([]float64, ly.In*ly.Out)
		}
	}
	net.es = make([]float64, n*max(1, slices.Max(net.Sizes[1:])))
	net.active = make([]int32, max(1, slices.Max(net.Sizes[1:])))
	if net.Sizes[0] >= minSparseInputs {
		net.inputNZ = NonZero{Start: make([]int32, 0, n+1), Col: make([]int32, 0, n*net.Sizes[0])}
	}
	if net.Spiking != nil {
		net.Spiking.reserve(net, min(n, traceRows))
	}
	net.cap = n
}

// Forward runs the N examples of x (N×n_0) through the network. The outputs
// are in Output(): softmax probabilities for CrossEntropy, raw values for MSE.
func (net *Net) Forward(x []float64, N int) {
	net.forward(x, N, nil)
}

// ForwardIndexed is Forward for inputs x whose nonzero entries nz lists
// (row n of x at nz.Col[nz.Start[n]:nz.Start[n+1]]; nz.Start may be a
// window of a longer list), saving Forward the search for them. It gives
// Forward's results.
func (net *Net) ForwardIndexed(x []float64, N int, nz *NonZero) {
	net.forward(x, N, nz)
}

func (net *Net) forward(x []float64, N int, nz *NonZero) {
	if net.Spiking != nil {
		net.input = nil
		net.forwardSpiking(x, N)
		return
	}
	net.Reserve(N)
	net.n = N
	net.H[0] = x[:N*net.Sizes[0]]
	if nz == nil {
		net.input = net.sparseInput(N)
	} else if net.input = nz; 2*int(nz.Start[N]-nz.Start[0]) > N*net.Sizes[0] {
		net.input = nil // too many nonzero inputs for the sparse kernels
	}
	for l, ly := range net.Layers {
		a := net.A[l][:N*ly.Out]
		switch {
		case l == 0 && net.input != nil && N < dotBelow:
			AffineSparse(a, net.H[0], ly.W.Value, ly.B.Value, N, ly.In, ly.Out, net.input)
		case l == 0 && net.input != nil:
			Transpose(ly.wt, ly.W.Value, ly.Out, ly.In)
			AffineGather(a, net.H[0], ly.wt, ly.B.Value, N, ly.In, ly.Out, net.input)
		default:
			Transpose(ly.wt, ly.W.Value, ly.Out, ly.In)
			Affine(a, net.H[l], ly.wt, ly.B.Value, N, ly.In, ly.Out)
		}
		ly.Act.Apply(net.H[l+1][:N*ly.Out], a)
	}
	if net.Loss == CrossEntropy {
		k := net.Outputs()
		out := net.H[len(net.Layers)]
		for n := 0; n < N; n++ {
			Softmax(out[n*k : n*k+k])
		}
	}
}

// dotBelow is the batch size below which the first layer's sparse product
// reads W directly (AffineSparse) rather than transposing it for
// AffineGather. Transposing costs as much as about 8 examples' product, and
// WebAssembly runs the dot products of AffineSparse as fast as
// AffineGather's row sums, so there it pays for batches of up to 64 (MNIST
// batches of 32: 350 against 400 µs in Node); natively the row sums are
// twice as fast (153 µs against 285) and always win.
var dotBelow = func() int {
	if runtime.GOARCH == "wasm" {
		return 64
	}
	return 0
}()

// minSparseInputs is the width of input from which Forward looks for
// zeros in its input (images; not the plane's two coordinates).
const minSparseInputs = 64

// sparseInput indexes the nonzero entries of the input H[0] of N examples
// and returns the index if they are at most half of it, nil otherwise (as
// soon as it has seen more: a dense input costs at most half a scan): the
// first layer's products then go through the sparse kernels, which cost
// per nonzero input.
func (net *Net) sparseInput(N int) *NonZero {
	in := net.Sizes[0]
	if in < minSparseInputs || net.inputNZ.Start == nil || !net.inputNZ.index(net.H[0], N, in, N*in/2) {
		return nil
	}
	return &net.inputNZ
}

// Output returns the network outputs of the last Forward, N×n_L.
func (net *Net) Output() []float64 {
	return net.H[len(net.Layers)][:net.n*net.Outputs()]
}

// Batch returns the number of examples of the last Forward.
func (net *Net) Batch() int { return net.n }

// Feedback returns the matrix, shaped like layer l's W (n_l × n_{l-1}),
// through which the errors of layer l travel back to layer l−1. Backprop
// uses W itself; feedback alignment a fixed random matrix.
type Feedback func(l int) []float64

// Backward computes the errors Delta of every layer for targets y (N×n_L)
// after Forward, sending them back through fb(l) (W_l if fb is nil), and
// writes the batch-mean gradients into each layer's W.Grad and B.Grad.
//
//	δ_L = ŷ − y,   δ_l = (fb(l+1)ᵀ δ_{l+1}) ⊙ f'(a_l),   g_W = mean δ hᵀ
//
// On a spiking net it is BackwardThroughTime with DefaultSurrogate.
func (net *Net) Backward(y []float64, fb Feedback) {
	if net.Spiking != nil {
		net.backwardSpiking(y, fb)
		return
	}
	net.OutputError(y)
	for l := len(net.Layers) - 1; l > 0; l-- {
		w := net.Layers[l].W.Value
		if fb != nil {
			w = fb(l)
		}
		net.SendBack(l, w)
	}
	net.Gradients()
}

// OutputError sets Delta[L−1] = ŷ − y, which is ∂ℒ/∂a_L for both softmax
// with cross-entropy and identity with ½‖ŷ−y‖².
func (net *Net) OutputError(y []float64) {
	L := len(net.Layers)
	out := net.Output()
	d := net.Delta[L-1][:len(out)]
	y = y[:len(out)]
	for i, v := range out {
		d[i] = v - y[i]
	}
}

// SendBack sets Delta[l−1] = (Delta[l]·w) ⊙ f'(A[l−1]) for a matrix w shaped
// like layer l's weights: the error of layer l sent back to layer l−1.
func (net *Net) SendBack(l int, w []float64) {
	ly, below := net.Layers[l], net.Layers[l-1]
	N := net.n
	d := net.Delta[l-1][:N*ly.In]
	BackInput(d, net.Delta[l][:N*ly.Out], w, N, ly.In, ly.Out)
	below.Act.MulDeriv(d, net.A[l-1][:N*ly.In], net.H[l][:N*ly.In])
}

// Gradients sets every layer's W.Grad = mean_n δ_l h_{l−1}ᵀ and
// B.Grad = mean_n δ_l from the current Delta and H.
func (net *Net) Gradients() {
	for l := range net.Layers {
		net.LayerGradient(l, net.Delta[l], net.H[l])
	}
}

// LayerGradient sets layer l's W.Grad = mean_n δ[n] x[n]ᵀ and B.Grad =
// mean_n δ[n] for the last batch, given the layer's error δ (N×n_l) and
// its input x (N×n_{l−1}).
//
// When the inputs are much sparser than the errors (MNIST's pixels, 81 %
// zero) it sums Gᵀ = Xᵀ·(δ/N) with AddOuterT, skipping the zero inputs, and
// transposes it into W.Grad; otherwise it calls AddOuter, which skips the
// zero errors. The two give the same bits (kernel.go).
func (net *Net) LayerGradient(l int, delta, x []float64) {
	ly := net.Layers[l]
	clear(ly.B.Grad)
	N := net.n
	delta, x = delta[:N*ly.Out], x[:N*ly.In]
	s := 1 / float64(N)
	// The input of the last Forward, whose nonzero entries it listed.
	indexed := l == 0 && net.input != nil && N > 0 && &x[0] == &net.H[0][0]
	if !indexed && !net.sparserInputs(ly, delta, x) {
		clear(ly.W.Grad)
		AddOuter(ly.W.Grad, ly.B.Grad, delta, x, N, ly.In, ly.Out, s)
		return
	}
	es := net.es[:N*ly.Out]
	for i, v := range delta {
		es[i] = s * v
	}
	gb := ly.B.Grad[:ly.Out]
	for n := 0; n < N; n++ { // gb[j] += s·δ[n,j] in AddOuter's order
		for j, v := range es[n*ly.Out : n*ly.Out+ly.Out] {
			if delta[n*ly.Out+j] != 0 {
				gb[j] += v
			}
		}
	}
	if indexed {
		clear(ly.W.Grad)
		AddOuterSparse(ly.W.Grad, es, x, N, ly.In, ly.Out, net.input, net.active)
		return
	}
	clear(ly.gt)
	AddOuterT(ly.gt, es, x, N, ly.In, ly.Out)
	Transpose(ly.W.Grad, ly.gt, ly.In, ly.Out)
}

// sparserInputs reports whether layer ly's gradient is cheaper through
// AddOuterT (a multiply-add per nonzero input and output, plus clearing and
// transposing In×Out) than through AddOuter (one per nonzero error and
// input).
func (net *Net) sparserInputs(ly *Layer, delta, x []float64) bool {
	if ly.gt == nil || len(net.es) < len(delta) {
		return false
	}
	nx, ne := 0, 0
	for _, v := range x {
		if v != 0 {
			nx++
		}
	}
	for _, v := range delta {
		if v != 0 {
			ne++
		}
	}
	return nx*ly.Out+2*ly.In*ly.Out < ne*ly.In
}

// LossValue returns the mean loss of the last Forward against targets y.
func (net *Net) LossValue(y []float64) float64 {
	out := net.Output()
	return MeanLoss(net.Loss, out, y[:len(out)], net.n)
}

// MeanLoss returns the batch-mean loss of outputs out against targets y.
// Cross-entropy clamps probabilities at 1e-15 so that a confident mistake
// costs about 34.5 nats instead of infinity.
func MeanLoss(loss Loss, out, y []float64, N int) float64 {
	s := 0.0
	switch loss {
	case CrossEntropy:
		for i, t := range y {
			if t != 0 {
				s -= t * Log(max(out[i], 1e-15))
			}
		}
	default:
		for i, t := range y {
			d := out[i] - t
			s += 0.5 * d * d
		}
	}
	return s / float64(N)
}

// Softmax replaces z by softmax(z), subtracting the largest entry first so
// that exp cannot overflow.
func Softmax(z []float64) {
	m := z[0]
	for _, v := range z[1:] {
		m = max(m, v)
	}
	s := 0.0
	for i, v := range z {
		e := Exp(v - m)
		z[i] = e
		s += e
	}
	for i := range z {
		z[i] /= s
	}
}

// Clone returns a deep copy of the network's parameters and shape, with a
// fresh workspace.
func (net *Net) Clone() *Net {
	c := &Net{Sizes: append([]int(nil), net.Sizes...), Loss: net.Loss}
	for _, ly := range net.Layers {
		nl := &Layer{In: ly.In, Out: ly.Out, Act: ly.Act, wt: make([]float64, len(ly.wt))}
		nl.W = &Param{Name: ly.W.Name, Rows: ly.W.Rows, Cols: ly.W.Cols, Decay: ly.W.Decay,
			Value: append([]float64(nil), ly.W.Value...), Grad: make([]float64, len(ly.W.Grad))}
		nl.B = &Param{Name: ly.B.Name, Rows: ly.B.Rows, Cols: ly.B.Cols, Decay: ly.B.Decay,
			Value: append([]float64(nil), ly.B.Value...), Grad: make([]float64, len(ly.B.Grad))}
		c.Layers = append(c.Layers, nl)
	}
	if net.Spiking != nil {
		c.Spiking = newSpiking(net.Spiking.SpikingConfig)
	}
	return c
}
