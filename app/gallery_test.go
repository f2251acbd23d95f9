package app

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"plasticity/core/run"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	for _, test := range []struct {
		name     string
		out      []float64 // N×k probabilities
		labels   []int
		k, max   int
		counts   [][]int
		perClass []float64
		accuracy float64
		gallery  []galleryItem
	}{
		{
			name: "mistakes first, surest first; then closest calls",
			out: []float64{
				0.9, 0.05, 0.05, // 0: right, sure
				0.2, 0.7, 0.1, // 1: label 0, predicted 1 (0.7)
				0.1, 0.1, 0.8, // 2: label 1, predicted 2 (0.8)
				0.3, 0.35, 0.35, // 3: label 1, predicted 1 (tie: first), right, unsure
				0.05, 0.05, 0.9, // 4: right, sure
			},
			labels:   []int{0, 0, 1, 1, 2},
			k:        3,
			max:      10,
			counts:   [][]int{{1, 1, 0}, {0, 1, 1}, {0, 0, 1}},
			perClass: []float64{0.5, 0.5, 1},
			accuracy: 3.0 / 5,
			gallery: []galleryItem{
				{index: 2, label: 1, pred: 2, confidence: 0.8},
				{index: 1, label: 0, pred: 1, confidence: 0.7},
				{index: 3, label: 1, pred: 1, confidence: 0.35},
				{index: 0, label: 0, pred: 0, confidence: 0.9},
				{index: 4, label: 2, pred: 2, confidence: 0.9},
			},
		},
		{
			name:     "a class without examples has no accuracy; max cuts the gallery",
			out:      []float64{0.6, 0.4, 0, 0.6, 0.4, 0},
			labels:   []int{0, 1},
			k:        3,
			max:      1,
			counts:   [][]int{{1, 0, 0}, {1, 0, 0}, {0, 0, 0}},
			perClass: []float64{1, 0, nan},
			accuracy: 0.5,
			gallery:  []galleryItem{{index: 1, label: 1, pred: 0, confidence: 0.6}},
		},
		{
			name:     "no examples",
			k:        2,
			max:      4,
			counts:   [][]int{{0, 0}, {0, 0}},
			perClass: []float64{nan, nan},
			accuracy: nan,
			gallery:  []galleryItem{},
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			rep := classify(test.out, test.labels, test.k, test.max)
			if !slices.EqualFunc(rep.counts, test.counts, slices.Equal) {
				t.Errorf("counts %v, want %v", rep.counts, test.counts)
			}
			if !slices.EqualFunc(rep.perClass, test.perClass, sameFloat) {
				t.Errorf("per class %v, want %v", rep.perClass, test.perClass)
			}
			if !sameFloat(rep.accuracy, test.accuracy) {
				t.Errorf("accuracy %v, want %v", rep.accuracy, test.accuracy)
			}
			if !slices.Equal(rep.gallery, test.gallery) {
				t.Errorf("gallery\n got %+v\nwant %+v", rep.gallery, test.gallery)
			}
		})
	}
}

func sameFloat(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// TestClassifyRandom checks classify's invariants on random outputs (fixed
// seed): the counts add up to the examples, the diagonal to the accuracy,
// and the gallery is ordered as documented.
func TestClassifyRandom(t *testing.T) {
	t.Parallel()
	const seed = 1
	rnd := rand.New(rand.NewPCG(seed, seed))
	const n, k = 500, 10
	out := make([]float64, n*k)
	labels := make([]int, n)
	for i := range labels {
		labels[i] = rnd.IntN(k)
		sum := 0.0
		for c := 0; c < k; c++ {
			out[i*k+c] = rnd.Float64()
			if c == labels[i] {
				out[i*k+c] += 0.5 // better than chance
			}
			sum += out[i*k+c]
		}
		for c := 0; c < k; c++ {
			out[i*k+c] /= sum
		}
	}
	rep := classify(out, labels, k, n)
	total, diag := 0, 0
	for t0, row := range rep.counts {
		for p, c := range row {
			total += c
			if p == t0 {
				diag += c
			}
		}
	}
	if total != n || math.Abs(float64(diag)/n-rep.accuracy) > 1e-15 {
		t.Errorf("counts sum to %d (want %d), diagonal %d for accuracy %v", total, n, diag, rep.accuracy)
	}
	if len(rep.gallery) != n {
		t.Fatalf("gallery of %d, want %d", len(rep.gallery), n)
	}
	for i := 1; i < n; i++ {
		a, b := rep.gallery[i-1], rep.gallery[i]
		switch {
		case !a.wrong() && b.wrong():
			t.Fatalf("a right example (%d) before a mistake (%d)", a.index, b.index)
		case a.wrong() && b.wrong() && a.confidence < b.confidence:
			t.Fatalf("mistakes out of order: %v before %v", a.confidence, b.confidence)
		case !a.wrong() && !b.wrong() && a.confidence > b.confidence:
			t.Fatalf("right examples out of order: %v before %v", a.confidence, b.confidence)
		}
	}
}

// TestReportOf checks the report of a real run against its own evaluation:
// the same accuracy on the same set.
func TestReportOf(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name, link string
		set        string
		want       bool
	}{
		{"three classes", "data=gauss&classes=3&seed=3&train=100&test=60", "test", true},
		{"no test set: the training set", "data=spiral&classes=4&seed=3&train=80&test=0", "training", true},
		{"regression has none", "data=plane&seed=3", "", false},
	} {
		t.Run(test.name, func(t *testing.T) {
			e, err := run.Decode(test.link)
			if err != nil {
				t.Fatal(err)
			}
			r, err := run.New(e)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 30; i++ {
				r.Step()
			}
			rep := reportOf(r, galleryMax)
			if (rep != nil) != test.want {
				t.Fatalf("report %v, want one: %v", rep, test.want)
			}
			if rep == nil {
				return
			}
			m := r.Metrics()
			want := m.TestAcc
			if test.set == "training" {
				want = m.TrainAcc
			}
			if rep.set != test.set || math.Abs(rep.accuracy-want) > 1e-12 {
				t.Errorf("%s set accuracy %v, want the %s set's %v", rep.set, rep.accuracy, test.set, want)
			}
		})
	}
}

func TestStrongest(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name string
		row  []float64
		n    int
		want []int
	}{
		{"by size, sign aside", []float64{0.1, -3, 2, 0, -0.5}, 3, []int{1, 2, 4}},
		{"ties keep the lower index", []float64{1, -1, 1, 0.5}, 2, []int{0, 1}},
		{"fewer inputs than asked", []float64{0.2, 0.4}, 4, []int{1, 0}},
		{"NaN is skipped", []float64{math.NaN(), 1, 2}, 2, []int{2, 1}},
	} {
		t.Run(test.name, func(t *testing.T) {
			top := make([]int, test.n)
			m := strongest(test.row, top)
			if got := top[:m]; !slices.Equal(got, test.want) {
				t.Errorf("strongest(%v) = %v, want %v", test.row, got, test.want)
			}
		})
	}
}

// TestFieldsLayout checks which runs get the receptive fields' view and
// the mosaics' geometry.
func TestFieldsLayout(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name, link string
		layers     int
		shown      int // of the first layer
		cols, k    int
	}{
		{"bars 8×8, one hidden layer", "data=bars&hidden=20", 1, 20, 16, 8},
		{"bars 8×8, two layers", "data=bars&hidden=40,6", 2, 40, 16, 8},
		{"data in the plane has none", "data=spiral", 0, 0, 0, 0},
		{"no hidden layer, none", "data=bars&hidden=", 0, 0, 0, 0},
	} {
		t.Run(test.name, func(t *testing.T) {
			e, err := run.Decode(test.link)
			if err != nil {
				t.Fatal(err)
			}
			r, err := run.New(e)
			if err != nil {
				t.Fatal(err)
			}
			ls := fieldsLayout(r)
			if len(ls) != test.layers {
				t.Fatalf("%d layers, want %d", len(ls), test.layers)
			}
			if test.layers == 0 {
				return
			}
			l := ls[0]
			rows := (l.Shown + l.Cols - 1) / l.Cols
			if l.Shown != test.shown || l.Cols != test.cols || l.Tile != test.k ||
				l.Width != l.Cols*(test.k+1)-1 || l.Height != rows*(test.k+1)-1 {
				t.Errorf("layer 1: %+v", l)
			}
			// Painting fills every tile from the weights.
			var f fieldsState
			computeFields(&f, r, test.k)
			for l := range ls {
				for j := 0; j < r.Net.Sizes[l+1]; j++ {
					tile := f.tiles[l][j*64 : (j+1)*64]
					big := 0.0
					for _, v := range tile {
						big = math.Max(big, math.Abs(v))
					}
					// v·(1/max) rounds twice: within a few ulps of 1.
					if math.Abs(big-1) > 1e-15 {
						t.Fatalf("layer %d unit %d: largest |value| %v, want 1", l+1, j, big)
					}
				}
			}
		})
	}
}

// TestActivationView checks the activity a picked example causes, for a
// rule that runs the network itself (rule.Forwarder) and for plain forward
// passes: a strip per hidden layer, one bar per class, the true and the
// predicted class marked.
func TestActivationView(t *testing.T) {
	t.Parallel()
	for _, rule := range []string{"bp", "ff", "softhebb", "chl"} {
		t.Run(rule, func(t *testing.T) {
			e, err := run.Decode("data=bars&hidden=8,4&train=60&test=20&seed=2&rule=" + rule)
			if err != nil {
				t.Fatal(err)
			}
			r, err := run.New(e)
			if err != nil {
				t.Fatal(err)
			}
			r.Step()
			a := activationView(r, r.Test, 3)
			if len(a.Layers) != 2 || len(a.Layers[0].Colors) != 8 || len(a.Layers[1].Colors) != 4 || a.Layers[1].Units != 4 {
				t.Fatalf("layers %+v, want strips of 8 and 4 units", a.Layers)
			}
			if a.Layers[0].Lo > a.Layers[0].Hi {
				t.Errorf("layer 1's activity from %v to %v", a.Layers[0].Lo, a.Layers[0].Hi)
			}
			if len(a.Outputs) != r.Test.Outputs {
				t.Fatalf("%d output bars, want %d", len(a.Outputs), r.Test.Outputs)
			}
			out := make([]float64, r.Test.Outputs)
			r.Predict(out, r.Test.Row(3), 1)
			pred := 0
			for c, b := range a.Outputs {
				if b.True != (c == r.Test.Labels[3]) || b.Value < 0 || b.Value > 1 {
					t.Errorf("bar %d: %+v (label %d)", c, b, r.Test.Labels[3])
				}
				if b.Pred {
					pred = c
				}
			}
			if out[pred] < out[1-pred] {
				t.Errorf("bar %d marked predicted; outputs %v", pred, out)
			}
		})
	}
}
