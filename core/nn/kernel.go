package nn

import "math"

// The hot kernels. Every matrix product of training goes through one of the
// functions below, all on row-major float64 slices:
//
//	Affine:     Y = X·Wᵀ + b      (forward pass; X is N×in, W is out×in, given as Wᵀ)
//	BackInput:  D = E·W           (errors sent back through W; E is N×out)
//	AddOuter:   G += s·Eᵀ·X       (weight gradient, G out×in)
//	AddOuterT:  Gᵀ += Xᵀ·E        (the same product transposed, Gᵀ in×out)
//
// and, for inputs that are mostly zeros (images), whose nonzero entries a
// NonZero lists, the first layer's products without a look at the zeros:
//
//	AffineSparse:   Y = X·Wᵀ + b  as dot products over the nonzero inputs, from W itself
//	AffineGather:   Y = X·Wᵀ + b  as sums of the rows of Wᵀ at the nonzero inputs
//	AddOuterSparse: G += Eᵀ·X     scattered at the nonzero errors and inputs
//
// and the optimizer's updates (SGDStep, MomentumStep, AdamStep) and
// AllFinite, which touch every parameter once per step.
//
// What makes them fast (../shared/bench/README.md measured each trick
// under WebAssembly, which has neither SIMD nor FMA and pays for every loop
// back-edge; the figures of this package are in bench_test.go):
//
//   - Zero inputs are skipped: 81 % of MNIST's pixels and many ReLU outputs
//     and errors are zero, and a zero contributes nothing to a sum.
//   - Every product is a sum of scaled rows, y += a·m[k,:], and the kernels
//     gather eight nonzero coefficients before making one pass over y
//     (add8), so that each y[j] is loaded and stored once per eight rows
//     instead of once per row. The weight gradient, whose rows have few
//     nonzero terms each (a pixel is lit in a few examples of a batch),
//     updates two neighbouring rows per pass instead (add2x4), so that each
//     error loaded serves both.
//   - Rows are resliced to the length of y, so that the compiler drops the
//     bounds checks of the inner loops; short loops (the optimizer's) do
//     four elements per iteration.
//   - Nothing allocates.
//
// The results are bit for bit those of the plain loops they replace (the
// naive references of kernel_test.go), for finite values: each y[j] still
// receives its terms one at a time in increasing order of k, as
// y[j] + a₀m₀[j] + a₁m₁[j] + …, which Go evaluates left to right with one
// rounding per product and per addition; and a zero term, whether left out
// or added as ±0, never changes a sum that started at +0 (such a sum is
// never −0). So the runs pinned in core/run/testdata/digest.golden keep
// their numbers, natively and in WebAssembly.

// Affine sets y[n,j] = b[j] + Σ_k w[j,k]·x[n,k] for n < N, j < out.
// wt is Wᵀ (in×out, row-major), kept in sync by the caller, so that the
// inner loop runs over contiguous memory: y[n,:] += x[n,k]·Wᵀ[k,:].
func Affine(y, x, wt, b []float64, N, in, out int) {
	for n := 0; n < N; n++ {
		yr := y[n*out : n*out+out]
		copy(yr, b[:out])
		gatherAdd(yr, x[n*in:n*in+in], 1, in, wt, 1)
	}
}

// BackInput sets d[n,k] = Σ_j e[n,j]·w[j,k]: the errors e (N×out) sent
// back through the out×in matrix w.
func BackInput(d, e, w []float64, N, in, out int) {
	for n := 0; n < N; n++ {
		dr := d[n*in : n*in+in]
		clear(dr)
		gatherAdd(dr, e[n*out:n*out+out], 1, out, w, 1)
	}
}

// AddOuter adds s·Σ_n e[n,:]ᵀ x[n,:] to g (out×in) and s·Σ_n e[n,:] to gb
// (if gb is not nil). Each term is (s·e[n,j])·x[n,k], summed over n in
// increasing order.
func AddOuter(g, gb, e, x []float64, N, in, out int, s float64) {
	if N == 0 {
		return
	}
	e, x = e[:N*out], x[:N*in]
	for j := 0; j < out; j++ {
		gatherAdd(g[j*in:j*in+in], e[j:], out, N, x, s)
	}
	if gb == nil {
		return
	}
	gb = gb[:out]
	for n := 0; n < N; n++ {
		er := e[n*out : n*out+out]
		for j, ej := range er {
			if ej != 0 {
				gb[j] += s * ej
			}
		}
	}
}

// AddOuterT adds Σ_n x[n,:]ᵀ e[n,:] to gt (in×out): the transpose of
// AddOuter's product, for inputs x (N×in) sparser than the errors e
// (N×out). Scale e beforehand (by s, for AddOuter's s·Eᵀ·X); each term is
// then e[n,j]·x[n,k], summed over n in increasing order, skipping the
// examples in which x[n,k] (and its neighbour x[n,k±1]) is zero.
func AddOuterT(gt, e, x []float64, N, in, out int) {
	if N == 0 {
		return
	}
	e, x = e[:N*out], x[:N*in]
	k := 0
	for ; k+2 <= in; k += 2 {
		gatherAdd2(gt[k*out:k*out+out], gt[(k+1)*out:(k+1)*out+out], x[k:], x[k+1:], in, N, e)
	}
	if k < in {
		gatherAdd(gt[k*out:k*out+out], x[k:], in, N, e, 1)
	}
}

// NonZero lists where an N×in row-major matrix is nonzero, row by row:
// the nonzero entries of row n are at the columns Col[Start[n]:Start[n+1]],
// in increasing order. The sparse kernels below visit only those, which
// MNIST's images (81 % zero) make five times fewer than all.
type NonZero struct {
	Start []int32 // N+1 offsets into Col
	Col   []int32
}

// Index sets z to the nonzero entries of x (N×in), reusing z's memory.
func (z *NonZero) Index(x []float64, N, in int) { z.index(x, N, in, N*in) }

// index is Index that gives up, returning false, as soon as it has listed
// more than limit entries (z is then incomplete).
func (z *NonZero) index(x []float64, N, in, limit int) bool {
	z.Start, z.Col = z.Start[:0], z.Col[:0]
	for n := 0; n < N; n++ {
		z.Start = append(z.Start, int32(len(z.Col)))
		for k, v := range x[n*in : n*in+in] {
			if v != 0 {
				z.Col = append(z.Col, int32(k))
			}
		}
		if len(z.Col) > limit {
			return false
		}
	}
	z.Start = append(z.Start, int32(len(z.Col)))
	return true
}

// Len returns the number of nonzero entries.
func (z *NonZero) Len() int { return len(z.Col) }

// AffineSparse sets y[n,j] = b[j] + Σ_k w[j,k]·x[n,k], as Affine does, for
// inputs x whose nonzero entries z lists, reading W (out×in) itself: each
// output is a dot product over the example's nonzero inputs, eight outputs
// at a time, so that each input loaded serves eight weights and no Wᵀ is
// needed. Each y[j] receives b[j], then its terms in increasing order of
// k, as Affine's does, so the two give the same bits.
func AffineSparse(y, x, w, b []float64, N, in, out int, z *NonZero) {
	for n := 0; n < N; n++ {
		yr := y[n*out : n*out+out]
		xr := x[n*in : n*in+in]
		cols := z.Col[z.Start[n]:z.Start[n+1]]
		j := 0
		for ; j+8 <= out; j += 8 {
			dot8(yr[j:j+8], xr, w[j*in:(j+8)*in], b[j:j+8], cols)
		}
		for ; j < out; j++ {
			wr := w[j*in : j*in+in]
			xr := xr[:len(wr)]
			s := b[j]
			for _, k := range cols {
				s = s + xr[k]*wr[k]
			}
			yr[j] = s
		}
	}
}

// AffineGather sets y[n,j] = b[j] + Σ_k w[j,k]·x[n,k], as Affine does, for
// inputs x whose nonzero entries z lists: Affine's sums of the rows of Wᵀ
// (wt, in×out), eight rows at a time, without looking at the zeros. It
// gives Affine's bits.
func AffineGather(y, x, wt, b []float64, N, in, out int, z *NonZero) {
	C := out
	for n := 0; n < N; n++ {
		yr := y[n*out : n*out+out]
		copy(yr, b[:out])
		xr := x[n*in : n*in+in]
		cols := z.Col[z.Start[n]:z.Start[n+1]]
		p := 0
		for ; p+8 <= len(cols); p += 8 {
			c := (*[8]int32)(cols[p : p+8])
			k0, k1, k2, k3 := int(c[0]), int(c[1]), int(c[2]), int(c[3])
			k4, k5, k6, k7 := int(c[4]), int(c[5]), int(c[6]), int(c[7])
			add8(yr, xr[k0], wt[k0*C:k0*C+C], xr[k1], wt[k1*C:k1*C+C], xr[k2], wt[k2*C:k2*C+C], xr[k3], wt[k3*C:k3*C+C],
				xr[k4], wt[k4*C:k4*C+C], xr[k5], wt[k5*C:k5*C+C], xr[k6], wt[k6*C:k6*C+C], xr[k7], wt[k7*C:k7*C+C])
		}
		for ; p < len(cols); p++ {
			k := int(cols[p])
			add1(yr, xr[k], wt[k*C:k*C+C])
		}
	}
}

// dot8 sets y[i] = b[i] + Σ_k x[k]·w[i,k] for the eight rows of w (8×len(x)),
// summing over the columns cols in their order.
func dot8(y, x, w, b []float64, cols []int32) {
	in := len(x)
	w0 := w[:in]
	w1, w2, w3 := w[in : 2*in][:len(w0)], w[2*in : 3*in][:len(w0)], w[3*in : 4*in][:len(w0)]
	w4, w5, w6, w7 := w[4*in : 5*in][:len(w0)], w[5*in : 6*in][:len(w0)], w[6*in : 7*in][:len(w0)], w[7*in : 8*in][:len(w0)]
	x = x[:len(w0)]
	bb, yy := (*[8]float64)(b), (*[8]float64)(y)
	s0, s1, s2, s3, s4, s5, s6, s7 := bb[0], bb[1], bb[2], bb[3], bb[4], bb[5], bb[6], bb[7]
	for _, k := range cols {
		v := x[k]
		s0 = s0 + v*w0[k]
		s1 = s1 + v*w1[k]
		s2 = s2 + v*w2[k]
		s3 = s3 + v*w3[k]
		s4 = s4 + v*w4[k]
		s5 = s5 + v*w5[k]
		s6 = s6 + v*w6[k]
		s7 = s7 + v*w7[k]
	}
	yy[0], yy[1], yy[2], yy[3], yy[4], yy[5], yy[6], yy[7] = s0, s1, s2, s3, s4, s5, s6, s7
}

// AddOuterSparse adds Σ_n e[n,:]ᵀ x[n,:] to g (out×in), as AddOuter with
// s = 1 does (scale e beforehand), for inputs x whose nonzero entries z
// lists, visiting only the nonzero errors and inputs: each example's
// nonzero errors (at most out of them, gathered in active) scatter into
// their rows of g, four rows at a time, at the example's nonzero inputs.
// Each g[j,k] receives its terms e[n,j]·x[n,k] in increasing order of n,
// as AddOuter's do, so the two give the same bits.
func AddOuterSparse(g, e, x []float64, N, in, out int, z *NonZero, active []int32) {
	for n := 0; n < N; n++ {
		er := e[n*out : n*out+out]
		xr := x[n*in : n*in+in]
		cols := z.Col[z.Start[n]:z.Start[n+1]]
		if len(cols) == 0 {
			continue
		}
		act := active[:0]
		for j, v := range er {
			if v != 0 {
				act = append(act, int32(j))
			}
		}
		p := 0
		for ; p+4 <= len(act); p += 4 {
			j0, j1, j2, j3 := int(act[p]), int(act[p+1]), int(act[p+2]), int(act[p+3])
			scatter4(g[j0*in:j0*in+in], g[j1*in:j1*in+in], g[j2*in:j2*in+in], g[j3*in:j3*in+in],
				er[j0], er[j1], er[j2], er[j3], xr, cols)
		}
		for ; p < len(act); p++ {
			j := int(act[p])
			gr := g[j*in : j*in+in]
			ej, xr := er[j], xr[:len(gr)]
			for _, k := range cols {
				gr[k] = gr[k] + ej*xr[k]
			}
		}
	}
}

// scatter4 adds a·x[k] to g0[k], b·x[k] to g1[k], … for k in cols.
func scatter4(g0, g1, g2, g3 []float64, a, b, c, d float64, x []float64, cols []int32) {
	g1, g2, g3, x = g1[:len(g0)], g2[:len(g0)], g3[:len(g0)], x[:len(g0)]
	for _, k := range cols {
		v := x[k]
		g0[k] = g0[k] + a*v
		g1[k] = g1[k] + b*v
		g2[k] = g2[k] + c*v
		g3[k] = g3[k] + d*v
	}
}

// gatherAdd2 adds Σ_n a[n·stride]·m[n,:] to y and Σ_n b[n·stride]·m[n,:] to
// z, for n < K, skipping the n where both a and b are zero: two rows of
// AddOuterT at once, for neighbouring inputs (pixels) that are mostly
// nonzero in the same examples, so that each row of m loaded serves both.
// A term whose coefficient is zero adds ±0, which changes no sum.
func gatherAdd2(y, z, a, b []float64, stride, K int, m []float64) {
	C := len(y)
	if K == 0 || C == 0 {
		return
	}
	_, _ = a[(K-1)*stride], b[(K-1)*stride]
	var n0, n1, n2 int
	p := 0
	for n := 0; n < K; n++ {
		u, v := a[n*stride], b[n*stride]
		if u == 0 && v == 0 {
			continue
		}
		switch p {
		case 0:
			n0, p = n, 1
		case 1:
			n1, p = n, 2
		case 2:
			n2, p = n, 3
		default:
			add2x4(y, z,
				a[n0*stride], b[n0*stride], m[n0*C:n0*C+C],
				a[n1*stride], b[n1*stride], m[n1*C:n1*C+C],
				a[n2*stride], b[n2*stride], m[n2*C:n2*C+C],
				u, v, m[n*C:n*C+C])
			p = 0
		}
	}
	if p == 0 {
		return
	}
	// The last one to three rows, padded with zero coefficients on row n0.
	a1, b1, a2, b2 := 0.0, 0.0, 0.0, 0.0
	if p > 1 {
		a1, b1 = a[n1*stride], b[n1*stride]
	} else {
		n1 = n0
	}
	if p > 2 {
		a2, b2 = a[n2*stride], b[n2*stride]
	} else {
		n2 = n0
	}
	add2x4(y, z,
		a[n0*stride], b[n0*stride], m[n0*C:n0*C+C],
		a1, b1, m[n1*C:n1*C+C],
		a2, b2, m[n2*C:n2*C+C],
		0, 0, m[n0*C:n0*C+C])
}

// add2x4 sets y ← y + a₀m₀ + … + a₃m₃ and z ← z + b₀m₀ + … + b₃m₃.
func add2x4(y, z []float64, a0, b0 float64, m0 []float64, a1, b1 float64, m1 []float64,
	a2, b2 float64, m2 []float64, a3, b3 float64, m3 []float64) {
	z = z[:len(y)]
	m0, m1, m2, m3 = m0[:len(y)], m1[:len(y)], m2[:len(y)], m3[:len(y)]
	for j, v := range y {
		e0, e1, e2, e3 := m0[j], m1[j], m2[j], m3[j]
		y[j] = v + a0*e0 + a1*e1 + a2*e2 + a3*e3
		z[j] = z[j] + b0*e0 + b1*e1 + b2*e2 + b3*e3
	}
}

// gatherAdd adds Σ_k (c·a[k·stride])·m[k,:] to y, for k < K, where m is
// K×len(y) row-major, skipping the k whose a[k·stride] is zero. Each y[j]
// receives its terms in increasing order of k.
func gatherAdd(y, a []float64, stride, K int, m []float64, c float64) {
	C := len(y)
	if K == 0 || C == 0 {
		return
	}
	_ = a[(K-1)*stride]
	// Up to seven nonzero rows wait in k0…k6 until an eighth joins them.
	var k0, k1, k2, k3, k4, k5, k6 int
	p := 0
	for k := 0; k < K; k++ {
		v := a[k*stride]
		if v == 0 {
			continue
		}
		switch p {
		case 0:
			k0, p = k, 1
		case 1:
			k1, p = k, 2
		case 2:
			k2, p = k, 3
		case 3:
			k3, p = k, 4
		case 4:
			k4, p = k, 5
		case 5:
			k5, p = k, 6
		case 6:
			k6, p = k, 7
		default:
			add8(y,
				c*a[k0*stride], m[k0*C:k0*C+C],
				c*a[k1*stride], m[k1*C:k1*C+C],
				c*a[k2*stride], m[k2*C:k2*C+C],
				c*a[k3*stride], m[k3*C:k3*C+C],
				c*a[k4*stride], m[k4*C:k4*C+C],
				c*a[k5*stride], m[k5*C:k5*C+C],
				c*a[k6*stride], m[k6*C:k6*C+C],
				c*v, m[k*C:k*C+C])
			p = 0
		}
	}
	if p >= 4 {
		add4(y,
			c*a[k0*stride], m[k0*C:k0*C+C],
			c*a[k1*stride], m[k1*C:k1*C+C],
			c*a[k2*stride], m[k2*C:k2*C+C],
			c*a[k3*stride], m[k3*C:k3*C+C])
		k0, k1, k2 = k4, k5, k6
		p -= 4
	}
	switch p {
	case 1:
		add1(y, c*a[k0*stride], m[k0*C:k0*C+C])
	case 2:
		add2(y, c*a[k0*stride], m[k0*C:k0*C+C], c*a[k1*stride], m[k1*C:k1*C+C])
	case 3:
		add3(y, c*a[k0*stride], m[k0*C:k0*C+C], c*a[k1*stride], m[k1*C:k1*C+C], c*a[k2*stride], m[k2*C:k2*C+C])
	}
}

// add8 sets y ← y + a₀m₀ + a₁m₁ + … + a₇m₇, summed left to right.
func add8(y []float64, a0 float64, m0 []float64, a1 float64, m1 []float64, a2 float64, m2 []float64, a3 float64, m3 []float64,
	a4 float64, m4 []float64, a5 float64, m5 []float64, a6 float64, m6 []float64, a7 float64, m7 []float64) {
	m0, m1, m2, m3 = m0[:len(y)], m1[:len(y)], m2[:len(y)], m3[:len(y)]
	m4, m5, m6, m7 = m4[:len(y)], m5[:len(y)], m6[:len(y)], m7[:len(y)]
	for j, v := range y {
		y[j] = v + a0*m0[j] + a1*m1[j] + a2*m2[j] + a3*m3[j] + a4*m4[j] + a5*m5[j] + a6*m6[j] + a7*m7[j]
	}
}

// add4 sets y ← y + a₀m₀ + a₁m₁ + a₂m₂ + a₃m₃, summed left to right.
func add4(y []float64, a0 float64, m0 []float64, a1 float64, m1 []float64, a2 float64, m2 []float64, a3 float64, m3 []float64) {
	m0, m1, m2, m3 = m0[:len(y)], m1[:len(y)], m2[:len(y)], m3[:len(y)]
	for j, v := range y {
		y[j] = v + a0*m0[j] + a1*m1[j] + a2*m2[j] + a3*m3[j]
	}
}

func add3(y []float64, a0 float64, m0 []float64, a1 float64, m1 []float64, a2 float64, m2 []float64) {
	m0, m1, m2 = m0[:len(y)], m1[:len(y)], m2[:len(y)]
	for j, v := range y {
		y[j] = v + a0*m0[j] + a1*m1[j] + a2*m2[j]
	}
}

func add2(y []float64, a0 float64, m0 []float64, a1 float64, m1 []float64) {
	m0, m1 = m0[:len(y)], m1[:len(y)]
	for j, v := range y {
		y[j] = v + a0*m0[j] + a1*m1[j]
	}
}

func add1(y []float64, a0 float64, m0 []float64) {
	m0 = m0[:len(y)]
	for j, v := range y {
		y[j] = v + a0*m0[j]
	}
}

// Transpose sets dst (cols×rows) to the transpose of src (rows×cols). It
// reads four rows of src at a time, so that it writes four neighbouring
// elements of each row of dst at once.
func Transpose(dst, src []float64, rows, cols int) {
	src, dst = src[:rows*cols], dst[:rows*cols]
	i := 0
	for ; i+4 <= rows; i += 4 {
		s0 := src[i*cols : i*cols+cols]
		s1 := src[(i+1)*cols : (i+1)*cols+cols]
		s2 := src[(i+2)*cols : (i+2)*cols+cols]
		s3 := src[(i+3)*cols : (i+3)*cols+cols]
		s1, s2, s3 = s1[:len(s0)], s2[:len(s0)], s3[:len(s0)]
		for j, v := range s0 {
			d := dst[j*rows+i : j*rows+i+4]
			d[0], d[1], d[2], d[3] = v, s1[j], s2[j], s3[j]
		}
	}
	for ; i < rows; i++ {
		sr := src[i*cols : i*cols+cols]
		for j, v := range sr {
			dst[j*rows+i] = v
		}
	}
}

// SGDStep sets w ← w − η·g.
//
// The optimizer kernels handle four elements per iteration: a loop this
// short costs more in its back-edge than in its body under WebAssembly
// (2.3× faster unrolled, in Node).
func SGDStep(w, g []float64, lr float64) {
	g = g[:len(w)]
	i := 0
	for ; i+4 <= len(w); i += 4 {
		ww, gg := (*[4]float64)(w[i:i+4]), (*[4]float64)(g[i:i+4])
		ww[0] -= lr * gg[0]
		ww[1] -= lr * gg[1]
		ww[2] -= lr * gg[2]
		ww[3] -= lr * gg[3]
	}
	for ; i < len(w); i++ {
		w[i] -= lr * g[i]
	}
}

// MomentumStep sets m ← μ·m + g, then w ← w − η·m.
func MomentumStep(w, g, m []float64, mu, lr float64) {
	g, m = g[:len(w)], m[:len(w)]
	i := 0
	for ; i+4 <= len(w); i += 4 {
		ww, gg, mm := (*[4]float64)(w[i:i+4]), (*[4]float64)(g[i:i+4]), (*[4]float64)(m[i:i+4])
		mm[0] = mu*mm[0] + gg[0]
		mm[1] = mu*mm[1] + gg[1]
		mm[2] = mu*mm[2] + gg[2]
		mm[3] = mu*mm[3] + gg[3]
		ww[0] -= lr * mm[0]
		ww[1] -= lr * mm[1]
		ww[2] -= lr * mm[2]
		ww[3] -= lr * mm[3]
	}
	for ; i < len(w); i++ {
		m[i] = mu*m[i] + g[i]
		w[i] -= lr * m[i]
	}
}

// AdamStep sets m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², then
// w ← w − η·(m/c₁)/(√(v/c₂) + ε), where c₁ = 1−β₁ᵗ and c₂ = 1−β₂ᵗ are the
// bias corrections.
func AdamStep(w, g, m, v []float64, b1, b2, c1, c2, eps, lr float64) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for i, gi := range g {
		m[i] = b1*m[i] + (1-b1)*gi
		v[i] = b2*v[i] + (1-b2)*gi*gi
		w[i] -= lr * (m[i] / c1) / (math.Sqrt(v[i]/c2) + eps)
	}
}

// AllFinite reports whether Σ v² is finite: false if v holds a NaN or an
// infinity, or values so large that their squares overflow. It keeps four
// partial sums, so that the additions need not wait for each other.
func AllFinite(v []float64) bool {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(v); i += 4 {
		q := (*[4]float64)(v[i : i+4])
		s0 += q[0] * q[0]
		s1 += q[1] * q[1]
		s2 += q[2] * q[2]
		s3 += q[3] * q[3]
	}
	for _, x := range v[i:] {
		s0 += x * x
	}
	s := s0 + s1 + s2 + s3
	return !math.IsNaN(s) && !math.IsInf(s, 0)
}
