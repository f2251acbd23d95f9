package run

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"plasticity/core/probe"
)

func TestRotate(t *testing.T) {
	// An 8×8 image with its top row on: turned 90° anticlockwise about
	// the centre it becomes the left column (pixel centres map to pixel
	// centres, so the interpolation is exact up to rounding).
	top, left := make([]float64, 64), make([]float64, 64)
	for j := 0; j < 8; j++ {
		top[j] = 1
		left[j*8] = 1
	}
	for _, test := range []struct {
		name     string
		src, out []float64
		deg      float64
	}{
		{"point", []float64{1, 0}, []float64{0, 1}, 90},
		{"point back", []float64{0.6, -0.2}, []float64{-0.6, 0.2}, 180},
		{"point zero", []float64{0.3, 0.4}, []float64{0.3, 0.4}, 0},
		{"image", top, left, 90},
		{"image zero", left, left, 0},
	} {
		t.Run(test.name, func(t *testing.T) {
			got := make([]float64, len(test.src))
			rotate(got, test.src, test.deg)
			for i := range got {
				// 1e-12: cos 90° is 6e-17 in float64, and the image's
				// sample points miss pixel centres by as little.
				if math.Abs(got[i]-test.out[i]) > 1e-12 {
					t.Fatalf("got %v, want %v", got, test.out)
				}
			}
		})
	}
}

func TestPermute(t *testing.T) {
	for _, test := range []struct {
		amount   float64
		maxMoved int // coordinates of 64 that may move (a shuffle can leave some in place)
	}{{0, 0}, {0.25, 16}, {1, 64}} {
		tr := newTransform(Shift{Kind: "permute", Amount: test.amount}, 64, rand.New(rand.NewPCG(1, 1)))
		seen := make([]bool, 64)
		moved := 0
		for i, j := range tr.perm {
			if seen[j] {
				t.Fatalf("amount %g: %d is the image of two coordinates", test.amount, j)
			}
			seen[j] = true
			if i != j {
				moved++
			}
		}
		if moved > test.maxMoved || (test.amount > 0 && moved == 0) {
			t.Errorf("amount %g: %d coordinates moved, want 1 … %d", test.amount, moved, test.maxMoved)
		}
	}
}

// TestShiftRun checks what a shift does to a run: the inputs change after
// the given epoch (the same transform for the training and the test set),
// the epoch gets a second history point on the shifted data, the
// source_acc probe measures the unshifted test set, and in task mode the
// rule goes on learning with labels.
func TestShiftRun(t *testing.T) {
	for _, test := range []struct {
		name, link string
		learns     bool // the accuracy changes after the shift
	}{
		{"adapt, no Adapter: frozen", "data=gauss&classes=3&shift=rotate:90&shiftat=3&epochs=6", false},
		{"task: labels", "data=gauss&classes=3&shift=rotate:90&shiftat=3&shiftmode=task&epochs=6", true},
	} {
		t.Run(test.name, func(t *testing.T) {
			r := mustRun(t, test.link)
			train0, test0 := slices.Clone(r.Train.X), slices.Clone(r.Test.X)
			train(r)
			if !r.Shifted() {
				t.Fatal("the run did not shift")
			}
			for i := 0; i < len(train0); i += 2 { // 90°: (x, y) → (−y, x)
				if math.Abs(r.Train.X[i]+train0[i+1]) > 1e-12 || math.Abs(r.Train.X[i+1]-train0[i]) > 1e-12 {
					t.Fatalf("training input %d: got %v from %v", i/2, r.Train.X[i:i+2], train0[i:i+2])
				}
			}
			if math.Abs(r.Test.X[0]+test0[1]) > 1e-12 {
				t.Fatalf("the test set did not turn")
			}
			if !slices.Equal(r.shift.source.X, test0) {
				t.Fatalf("the unshifted test set changed")
			}
			h := r.History()
			var at []Point
			for _, p := range h {
				if p.Epoch == 3 {
					at = append(at, p)
				}
			}
			if len(at) != 2 {
				t.Fatalf("%d history points at the shift's epoch, want 2", len(at))
			}
			src := at[1].Probes[slices.IndexFunc(at[1].Probes, func(m probe.Metric) bool { return m.Key == "source_acc" })].Values[0]
			if src != at[0].TestAcc {
				t.Errorf("source_acc just after the shift %v, want the accuracy before it %v", src, at[0].TestAcc)
			}
			if changed := h[len(h)-1].TestAcc != at[1].TestAcc; changed != test.learns {
				t.Errorf("test accuracy %v just after the shift, %v at the end: want learning %v", at[1].TestAcc, h[len(h)-1].TestAcc, test.learns)
			}
		})
	}
}

// TestShiftDeterministic: a link with a shift gives the same numbers twice.
func TestShiftDeterministic(t *testing.T) {
	const link = "data=gauss&shift=noise:0.3&shiftat=2&hlop=2&shiftmode=task&epochs=4"
	a, b := mustRun(t, link), mustRun(t, link)
	train(a)
	train(b)
	if a.Digest() != b.Digest() {
		t.Errorf("two runs of %s differ", link)
	}
}
