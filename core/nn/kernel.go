package nn

// The hot kernels. Every matrix product of training goes through one of the
// three functions below, all on row-major float64 slices:
//
//	Affine:    Y = X·Wᵀ + b        (forward pass; X is N×in, W is out×in)
//	BackInput: D = E·W            (errors sent back through W; E is N×out)
//	AddOuter:  G += s·Eᵀ·X        (weight gradient, mean over the batch)
//
// They skip zero inputs (most MNIST pixels and many ReLU outputs are zero)
// and reslice rows so that the compiler can drop bounds checks in the inner
// loops; ../shared/bench/README.md measured both tricks under WebAssembly.

// Affine sets y[n,j] = b[j] + Σ_k w[j,k]·x[n,k] for n < N, j < out.
// wt is Wᵀ (in×out, row-major), kept in sync by the caller, so that the
// inner loop runs over contiguous memory: y[n,:] += x[n,k]·Wᵀ[k,:].
func Affine(y, x, wt, b []float64, N, in, out int) {
	for n := 0; n < N; n++ {
		yr := y[n*out : n*out+out]
		copy(yr, b[:out])
		xr := x[n*in : n*in+in]
		for k, xk := range xr {
			if xk == 0 {
				continue
			}
			wr := wt[k*out : k*out+out]
			wr = wr[:len(yr)]
			for j, w := range wr {
				yr[j] += xk * w
			}
		}
	}
}

// BackInput sets d[n,k] = Σ_j e[n,j]·w[j,k]: the errors e (N×out) sent
// back through the out×in matrix w.
func BackInput(d, e, w []float64, N, in, out int) {
	for n := 0; n < N; n++ {
		dr := d[n*in : n*in+in]
		clear(dr)
		er := e[n*out : n*out+out]
		for j, ej := range er {
			if ej == 0 {
				continue
			}
			wr := w[j*in : j*in+in]
			wr = wr[:len(dr)]
			for k, v := range wr {
				dr[k] += ej * v
			}
		}
	}
}

// AddOuter adds s·Σ_n e[n,:]ᵀ x[n,:] to g (out×in) and s·Σ_n e[n,:] to gb
// (if gb is not nil).
func AddOuter(g, gb, e, x []float64, N, in, out int, s float64) {
	for n := 0; n < N; n++ {
		er := e[n*out : n*out+out]
		xr := x[n*in : n*in+in]
		for j, ej := range er {
			if ej == 0 {
				continue
			}
			c := s * ej
			gr := g[j*in : j*in+in]
			gr = gr[:len(xr)]
			for k, v := range xr {
				gr[k] += c * v
			}
			if gb != nil {
				gb[j] += c
			}
		}
	}
}

// Transpose sets dst (cols×rows) to the transpose of src (rows×cols).
func Transpose(dst, src []float64, rows, cols int) {
	for i := 0; i < rows; i++ {
		sr := src[i*cols : i*cols+cols]
		for j, v := range sr {
			dst[j*rows+i] = v
		}
	}
}
