package export

import (
	"archive/zip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"plasticity/core/rule"
	"plasticity/core/run"
)

// NPY writes data as a NumPy array of the given shape in the .npy format,
// version 1.0 (numpy/lib/format.py; NEP 1): the magic string "\x93NUMPY",
// the version bytes 1 and 0, the header length as a little-endian uint16,
// and an ASCII header — a Python dict literal giving the dtype '<f8'
// (little-endian float64), C (row-major) order and the shape — padded with
// spaces and a final newline so that the data start at a multiple of 64
// bytes; then the values. It panics if the shape does not match len(data)
// (a programming error).
func NPY(w io.Writer, data []float64, shape ...int) error {
	n := 1
	dims := make([]string, len(shape))
	for i, s := range shape {
		n *= s
		dims[i] = strconv.Itoa(s)
	}
	if n != len(data) || len(shape) == 0 {
		panic(fmt.Sprintf("export: NPY of %d values with shape %v", len(data), shape))
	}
	tuple := "(" + strings.Join(dims, ", ") + ")"
	if len(shape) == 1 {
		tuple = "(" + dims[0] + ",)" // a Python 1-tuple
	}
	header := "{'descr': '<f8', 'fortran_order': False, 'shape': " + tuple + ", }"
	// magic (6) + version (2) + length (2) + header + padding + '\n' ≡ 0 (mod 64)
	total := 10 + len(header) + 1
	header += strings.Repeat(" ", (64-total%64)%64) + "\n"
	if len(header) > math.MaxUint16 {
		panic("export: NPY header too long")
	}
	buf := make([]byte, 0, 10+len(header)+8*len(data))
	buf = append(buf, "\x93NUMPY\x01\x00"...)
	buf = binary.LittleEndian.AppendUint16(buf, uint16(len(header)))
	buf = append(buf, header...)
	for _, v := range data {
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v))
	}
	_, err := w.Write(buf)
	return err
}

// NPZ writes the current weights of runs as a zip of .npy files, which
// numpy.load opens as an .npz archive: for each weight layer l = 1 … L,
// Wl.npy (n_l × n_{l−1}) and bl.npy (n_l), and feedbackl.npy (W's shape)
// for a rule that sends errors back through a matrix of its own
// (rule.Feedbacker; not "Bl", which would clash with bl on file systems
// that ignore case). With several runs, each run's names are prefixed
// runN/.
func NPZ(w io.Writer, runs []*run.Run) error {
	zw := zip.NewWriter(w)
	for i, r := range runs {
		prefix := ""
		if len(runs) > 1 {
			prefix = fmt.Sprintf("run%d/", i+1)
		}
		for _, a := range Arrays(r) {
			f, err := zw.CreateHeader(&zip.FileHeader{Name: prefix + a.Name + ".npy", Method: zip.Deflate})
			if err != nil {
				return err
			}
			if err := NPY(f, a.Data, a.Shape...); err != nil {
				return err
			}
		}
	}
	return zw.Close()
}

// Array is a named array of a run, as NPZ writes it.
type Array struct {
	Name  string // W1, b1, feedback1 …
	Shape []int
	Data  []float64
}

// Arrays returns copies of the run's weights, biases and feedback
// matrices, layer by layer (the arrays NPZ writes).
func Arrays(r *run.Run) []Array {
	var out []Array
	fb, _ := r.Rule.(rule.Feedbacker)
	for l, ly := range r.Net.Layers {
		n := strconv.Itoa(l + 1)
		out = append(out,
			Array{Name: "W" + n, Shape: []int{ly.Out, ly.In}, Data: append([]float64(nil), ly.W.Value...)},
			Array{Name: "b" + n, Shape: []int{ly.Out}, Data: append([]float64(nil), ly.B.Value...)})
		if fb != nil {
			if b, _, ok := fb.Feedback(l); ok && len(b) == ly.Out*ly.In {
				out = append(out, Array{Name: "feedback" + n, Shape: []int{ly.Out, ly.In}, Data: append([]float64(nil), b...)})
			}
		}
	}
	return out
}
