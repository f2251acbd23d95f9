package run

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustRun(t testing.TB, link string) *Run {
	t.Helper()
	e, err := Decode(link)
	if err != nil {
		t.Fatalf("Decode(%q): %v", link, err)
	}
	r, err := New(e)
	if err != nil {
		t.Fatalf("New(%q): %v", link, err)
	}
	return r
}

func train(r *Run) {
	for r.State() == Ready {
		r.Step()
	}
}

// TestBackpropLearnsSpiral: the default link (backprop, 2-16-16-2 tanh,
// Adam) must fit the spiral: at least 95 % training accuracy within 300
// epochs (7,500 steps of 16 examples).
func TestBackpropLearnsSpiral(t *testing.T) {
	r := mustRun(t, "epochs=300")
	train(r)
	if r.State() != Finished {
		t.Fatalf("state %s: %s", r.State(), r.Message())
	}
	if m := r.Metrics(); m.TrainAcc < 0.95 {
		t.Errorf("train accuracy %.3f after %d epochs, want ≥ 0.95", m.TrainAcc, m.Epoch)
	}
}

func TestLearnsEveryPlaneSet(t *testing.T) {
	for _, test := range []struct {
		link    string
		minAcc  float64 // training accuracy, or
		maxLoss float64 // training loss for regression
	}{
		{"data=circle&epochs=60", 0.95, 0},
		{"data=xor&epochs=60", 0.95, 0},
		{"data=gauss&epochs=20", 0.95, 0},
		{"data=gauss&classes=4&epochs=40", 0.9, 0},
		{"data=moons&epochs=60", 0.95, 0},
		// ReLU: with tanh the final accuracy swung between 0.84 and 0.91 on
		// last-bit changes of exp (nn.Exp's own implementation, WebAssembly).
		{"data=checkerboard&act=relu&hidden=32,32&epochs=300", 0.9, 0},
		{"data=plane&epochs=30", 0, 0.01},
		{"data=multi-gauss&hidden=16,16&epochs=200", 0, 0.02},
	} {
		t.Run(test.link, func(t *testing.T) {
			r := mustRun(t, test.link)
			train(r)
			m := r.Metrics()
			if test.minAcc > 0 && !(m.TrainAcc >= test.minAcc) {
				t.Errorf("train accuracy %.3f, want ≥ %g", m.TrainAcc, test.minAcc)
			}
			if test.maxLoss > 0 && !(m.TrainLoss <= test.maxLoss) {
				t.Errorf("train loss %.4f, want ≤ %g", m.TrainLoss, test.maxLoss)
			}
		})
	}
}

// TestDeterminism: the same link gives the same numbers step for step, and
// a run that differs only in its learning rate sees the same data, initial
// weights and batches.
func TestDeterminism(t *testing.T) {
	a := mustRun(t, "epochs=5&seed=3")
	b := mustRun(t, "epochs=5&seed=3")
	c := mustRun(t, "epochs=5&seed=3&lr=0.001")
	if !slices.Equal(a.Train.X, c.Train.X) || !slices.Equal(a.Test.X, c.Test.X) {
		t.Errorf("changing the learning rate changed the data")
	}
	for l := range a.Net.Layers {
		if !slices.Equal(a.Net.Layers[l].W.Value, c.Net.Layers[l].W.Value) {
			t.Errorf("changing the learning rate changed the initial weights of layer %d", l)
		}
	}
	for a.State() == Ready {
		a.Step()
		b.Step()
		c.Step()
		if !slices.Equal(a.batch.Index[:a.batch.N], c.batch.Index[:c.batch.N]) {
			t.Fatalf("step %d: batches differ", a.step)
		}
	}
	ha, hb := a.History(), b.History()
	if len(ha) != 6 || len(ha) != len(hb) {
		t.Fatalf("history lengths %d and %d, want 6", len(ha), len(hb))
	}
	for i := range ha {
		if ha[i].Metrics != hb[i].Metrics {
			t.Errorf("point %d: %+v != %+v", i, ha[i].Metrics, hb[i].Metrics)
		}
	}
	if d := mustRun(t, "seed=4"); slices.Equal(d.Train.X, a.Train.X) {
		t.Errorf("another seed gave the same data")
	}
}

// TestDiverge: an absurd learning rate stops the run as Diverged with a
// message, nothing NaN reaches a snapshot, and a new run recovers.
func TestDiverge(t *testing.T) {
	link := "lr=100&opt=sgd&act=relu&epochs=200"
	r := mustRun(t, link)
	train(r)
	if r.State() != Diverged {
		t.Fatalf("state %s after %d steps, want diverged", r.State(), r.StepCount())
	}
	if !strings.Contains(r.Message(), "learning rate") {
		t.Errorf("message %q does not suggest a smaller learning rate", r.Message())
	}
	var s Snapshot
	r.Paint(&s, 16)
	for l, w := range s.Weights {
		for _, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("layer %d: weight %v in the snapshot", l, v)
			}
		}
	}
	if math.IsNaN(s.TrainLoss) {
		t.Errorf("NaN training loss in the snapshot")
	}
	if err := r.Step(); err != nil || r.State() != Diverged {
		t.Errorf("a diverged run stepped on: %v, %s", err, r.State())
	}
	again := mustRun(t, link)
	if again.State() != Ready || again.StepCount() != 0 {
		t.Errorf("reset: state %s at step %d", again.State(), again.StepCount())
	}
}

func TestPaint(t *testing.T) {
	for _, link := range []string{"", "data=gauss&classes=3", "data=plane", "hidden="} {
		r := mustRun(t, link)
		r.Advance(time.Second, 10)
		var s Snapshot
		r.Paint(&s, 20)
		if s.Grid != 20 || len(s.Decision) != 4*20*20 {
			t.Fatalf("%q: grid %d, %d decision bytes", link, s.Grid, len(s.Decision))
		}
		if len(s.Units) != len(r.Net.Sizes) {
			t.Fatalf("%q: %d unit layers, want %d", link, len(s.Units), len(r.Net.Sizes))
		}
		for l, size := range r.Net.Sizes {
			if len(s.Units[l]) != size || len(s.Units[l][0]) != 4*20*20 {
				t.Fatalf("%q: layer %d maps wrong", link, l)
			}
		}
		// The decision map is not blank: it has more than one colour.
		first := string(s.Decision[:4])
		same := true
		for p := 4; p < len(s.Decision); p += 4 {
			if string(s.Decision[p:p+4]) != first {
				same = false
				break
			}
		}
		if same {
			t.Errorf("%q: the decision map is one colour", link)
		}
	}
}

func TestHeadless(t *testing.T) {
	var out bytes.Buffer
	if err := Headless(&out, "http://x/?v=1&data=xor&epochs=3", 0); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&out)
	n := 0
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		for _, k := range []string{"epoch", "step", "train_loss", "test_loss", "train_acc", "test_acc", "probes"} {
			if _, ok := rec[k]; !ok {
				t.Errorf("line %d has no %s: %s", n, k, sc.Text())
			}
		}
		if got := rec["epoch"].(float64); int(got) != n {
			t.Errorf("line %d: epoch %v", n, got)
		}
		n++
	}
	if n != 4 {
		t.Errorf("got %d lines, want 4 (epochs 0 to 3)", n)
	}
	for _, test := range []struct{ link, key string }{
		{"lr=banana", "lr"}, {"data=nosuch", "data"}, {"v=7", "v"},
	} {
		err := Headless(&out, test.link, 1)
		if err == nil || !strings.Contains(err.Error(), test.key) {
			t.Errorf("Headless(%q) = %v, want an error naming %s", test.link, err, test.key)
		}
	}
	err := Headless(&out, "lr=100&opt=sgd&act=relu", 100)
	if err == nil || !strings.Contains(err.Error(), "diverged") {
		t.Errorf("diverging run: got %v", err)
	}
}

// TestStepAllocs: once warmed up, a training step does not allocate (the
// update-angle probe included).
func TestStepAllocs(t *testing.T) {
	r := mustRun(t, "train=1600")
	r.Advance(time.Second, 20)
	allocs := testing.AllocsPerRun(50, func() { r.Step() })
	if allocs != 0 {
		t.Errorf("got %v allocations per step, want 0", allocs)
	}
}

func benchmarkRun(b *testing.B, link string) {
	r := mustRun(b, link)
	r.Advance(time.Second, 10)
	bs := r.Exp.Batch
	for b.Loop() {
		r.Step()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
	b.ReportMetric(float64(b.N*bs)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkSpiral2x16x16x2 is the foundation's workload: backprop on the
// spiral, 2-16-16-2 tanh, batch 16, probes included (a whole Run.Step).
func BenchmarkSpiral2x16x16x2(b *testing.B) { benchmarkRun(b, "") }
