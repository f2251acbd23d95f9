package export

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"plasticity/core/rule"
	"plasticity/core/run"
)

// comparison trains a small comparison: backprop and feedback alignment
// (which has feedback matrices and alignment probes) on the spiral, and a
// backprop run at another learning rate.
func comparison(t testing.TB, link string) *run.Comparison {
	t.Helper()
	spec, err := run.DecodeComparison(link)
	if err != nil {
		t.Fatal(err)
	}
	c, err := run.NewComparison(spec)
	if err != nil {
		t.Fatal(err)
	}
	for c.Ready() {
		c.Step()
	}
	return c
}

const testLink = "v=1&cmp=fa,bp&r3.lr=0.1&hidden=8,4&epochs=3"

func TestCSV(t *testing.T) {
	for _, test := range []struct {
		name string
		link string
		rows int      // history points of all runs
		cols []string // columns that must be there
		gone []string // columns that must not
	}{
		{"comparison", testLink, 3 * 4, []string{"update_angle_l1", "update_angle_l3", "alignment_angle_l2", "norm_ratio_l3", "sparsity_l2"}, []string{"update_angle_l4"}},
		{"regression", "v=1&data=plane&hidden=4&epochs=2", 3, []string{"update_angle_l2"}, []string{"alignment_angle_l1"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			c := comparison(t, test.link)
			var buf bytes.Buffer
			if err := CSV(&buf, c.Runs()); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatalf("the CSV does not parse: %v", err)
			}
			header := recs[0]
			if want := []string{"run", "rule", "epoch", "step", "passes", "train_loss", "test_loss", "train_acc", "test_acc"}; !slices.Equal(header[:9], want) {
				t.Errorf("header starts %v, want %v", header[:9], want)
			}
			for _, k := range test.cols {
				if !slices.Contains(header, k) {
					t.Errorf("header has no %s: %v", k, header)
				}
			}
			for _, k := range test.gone {
				if slices.Contains(header, k) {
					t.Errorf("header has %s: %v", k, header)
				}
			}
			if len(recs)-1 != test.rows {
				t.Fatalf("%d rows, want %d", len(recs)-1, test.rows)
			}
			col := func(name string) int { return slices.Index(header, name) }
			row := 1
			for i, r := range c.Runs() {
				for _, p := range r.History() {
					rec := recs[row]
					row++
					if rec[0] != strconv.Itoa(i+1) || rec[1] != r.Exp.Rule || rec[2] != strconv.Itoa(p.Epoch) || rec[3] != strconv.Itoa(p.Step) {
						t.Errorf("row %d starts %v, want run %d %s epoch %d step %d", row-1, rec[:4], i+1, r.Exp.Rule, p.Epoch, p.Step)
					}
					for _, name := range header[5:] {
						v, ok := run.Value(p, name)
						cell := rec[col(name)]
						if !ok || math.IsNaN(v) {
							if cell != "" {
								t.Errorf("row %d %s = %q, want empty", row-1, name, cell)
							}
							continue
						}
						got, err := strconv.ParseFloat(cell, 64)
						if err != nil || got != v { // full precision: bit for bit
							t.Errorf("row %d %s = %q, want %v", row-1, name, cell, v)
						}
					}
				}
			}
		})
	}
}

// TestJSON decodes the metrics JSON twice: into the schema's Go types with
// unknown fields refused, and generically, to check every documented field
// is there with the documented JSON type.
func TestJSON(t *testing.T) {
	c := comparison(t, testLink)
	var buf bytes.Buffer
	if err := JSON(&buf, c.Runs()); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	dec.DisallowUnknownFields()
	var m Metrics
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("the JSON does not match the schema: %v", err)
	}
	if m.Schema != MetricsSchema || m.Link != c.Spec.Encode() || len(m.Runs) != 3 {
		t.Fatalf("schema %q, link %q, %d runs", m.Schema, m.Link, len(m.Runs))
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	runs := doc["runs"].([]any)
	for i, r := range c.Runs() {
		rm := runs[i].(map[string]any)
		wantTypes(t, fmt.Sprintf("runs[%d]", i), rm, map[string]string{
			"run": "number", "rule": "string", "link": "string", "state": "string", "message": "string", "probes": "object", "points": "array",
		})
		if rm["run"].(float64) != float64(i+1) || rm["rule"] != r.Exp.Rule || rm["link"] != r.Exp.Encode() || rm["state"] != string(run.Finished) {
			t.Errorf("run %d: %v %v %v %v", i+1, rm["run"], rm["rule"], rm["link"], rm["state"])
		}
		info := rm["probes"].(map[string]any)
		ua := info["update_angle"].(map[string]any)
		if ua["unit"] != "°" || ua["per_layer"] != true || ua["label"] == "" {
			t.Errorf("run %d: update_angle info %v", i+1, ua)
		}
		points := rm["points"].([]any)
		if len(points) != len(r.History()) {
			t.Fatalf("run %d: %d points, want %d", i+1, len(points), len(r.History()))
		}
		for j, p := range r.History() {
			pm := points[j].(map[string]any)
			wantTypes(t, fmt.Sprintf("runs[%d].points[%d]", i, j), pm, map[string]string{
				"epoch": "number", "step": "number", "passes": "number", "train_loss": "number",
				"test_loss": "number", "train_acc": "number", "test_acc": "number", "probes": "object",
			})
			if pm["train_loss"].(float64) != p.TrainLoss || pm["test_acc"].(float64) != p.TestAcc {
				t.Errorf("run %d point %d: losses differ from the history", i+1, j)
			}
			probes := pm["probes"].(map[string]any)
			for _, pr := range p.Probes {
				got, ok := probes[pr.Key].([]any)
				if !ok || len(got) != len(pr.Values) {
					t.Fatalf("run %d point %d: probe %s = %v", i+1, j, pr.Key, probes[pr.Key])
				}
				for l, v := range pr.Values {
					if math.IsNaN(v) != (got[l] == nil) || (got[l] != nil && got[l].(float64) != v) {
						t.Errorf("run %d point %d: %s[%d] = %v, want %v", i+1, j, pr.Key, l, got[l], v)
					}
				}
			}
		}
	}
	// A regression has null accuracies.
	reg := comparison(t, "v=1&data=plane&hidden=4&epochs=1&test=0")
	buf.Reset()
	if err := JSON(&buf, reg.Runs()); err != nil {
		t.Fatal(err)
	}
	var rd Metrics
	if err := json.Unmarshal(buf.Bytes(), &rd); err != nil {
		t.Fatal(err)
	}
	p := rd.Runs[0].Points[1]
	if p.TrainAcc != nil || p.TestAcc != nil || p.TestLoss != nil || p.TrainLoss == nil {
		t.Errorf("regression without test data: %+v", p)
	}
}

// wantTypes checks that obj has each key with the given JSON type ("number"
// also accepts null: figures that may not exist).
func wantTypes(t *testing.T, where string, obj map[string]any, types map[string]string) {
	t.Helper()
	for k, typ := range types {
		v, ok := obj[k]
		if !ok {
			t.Errorf("%s has no %q", where, k)
			continue
		}
		var got string
		switch v.(type) {
		case nil:
			got = "null"
		case float64:
			got = "number"
		case string:
			got = "string"
		case bool:
			got = "bool"
		case []any:
			got = "array"
		case map[string]any:
			got = "object"
		}
		if got != typ && !(typ == "number" && got == "null") {
			t.Errorf("%s.%s is a JSON %s, want %s", where, k, got, typ)
		}
	}
}

func TestExperimentJSON(t *testing.T) {
	spec, err := run.DecodeComparison("v=1&cmp=fa&fa.init=he&r2.lr=0.1&seed=7&hidden=5")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ExperimentJSON(&buf, spec); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	var d ExperimentDoc
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("the JSON does not match the schema: %v", err)
	}
	if d.Schema != ExperimentSchema || d.Version != run.Version || d.Link != spec.Encode() || len(d.Runs) != 2 {
		t.Fatalf("got %+v", d)
	}
	// The links reproduce the experiments.
	back, err := run.DecodeComparison(d.Link)
	if err != nil || !back.Equal(spec) {
		t.Errorf("the link %q does not reproduce the comparison: %v", d.Link, err)
	}
	r2 := d.Runs[1]
	if r2.Rule != "fa" || r2.LR != 0.1 || r2.Seed != 7 || !slices.Equal(r2.Hidden, []int{5}) || r2.RuleTitle == "" || r2.Cite == "" || r2.Equation == "" {
		t.Errorf("run 2: %+v", r2)
	}
	if r2.Hyper["init"] != "he" || r2.Hyper["scale"] != 1.0 {
		t.Errorf("run 2 hyper = %v, want init he (a choice, by name) and scale 1 (the default, spelled out)", r2.Hyper)
	}
	if e, err := run.Decode(r2.Link); err != nil || !e.Equal(spec.Runs[1]) {
		t.Errorf("run 2's link %q does not reproduce it: %v", r2.Link, err)
	}
}

// npyRE parses a version 1.0 .npy header as NPY writes it.
var npyRE = regexp.MustCompile(`^\{'descr': '<f8', 'fortran_order': False, 'shape': \(([0-9, ]*)\), \} *\n$`)

// readNPY is a tiny .npy reader: it checks the magic, version and header
// of a version 1.0 file of little-endian float64 in C order, and returns
// the shape and the values.
func readNPY(t *testing.T, b []byte) ([]int, []float64) {
	t.Helper()
	if len(b) < 10 || string(b[:6]) != "\x93NUMPY" || b[6] != 1 || b[7] != 0 {
		t.Fatalf("not a version 1.0 .npy file: % x", b[:min(len(b), 10)])
	}
	hl := int(binary.LittleEndian.Uint16(b[8:10]))
	if (10+hl)%64 != 0 {
		t.Errorf("data start at %d, not a multiple of 64", 10+hl)
	}
	m := npyRE.FindStringSubmatch(string(b[10 : 10+hl]))
	if m == nil {
		t.Fatalf("bad header %q", b[10:10+hl])
	}
	var shape []int
	n := 1
	for _, s := range strings.Split(m[1], ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		d, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("bad shape %q", m[1])
		}
		shape = append(shape, d)
		n *= d
	}
	data := b[10+hl:]
	if len(data) != 8*n {
		t.Fatalf("%d bytes of data for shape %v", len(data), shape)
	}
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
	}
	return shape, vals
}

func TestNPY(t *testing.T) {
	for _, test := range []struct {
		shape  []int
		header string // the shape as Python writes it
	}{
		{[]int{3}, "(3,)"},
		{[]int{2, 3}, "(2, 3)"},
		{[]int{1, 1}, "(1, 1)"},
		{[]int{2, 1, 2}, "(2, 1, 2)"},
	} {
		n := 1
		for _, s := range test.shape {
			n *= s
		}
		data := make([]float64, n)
		for i := range data {
			data[i] = float64(i) - 0.5
		}
		data[0] = math.Inf(-1)
		var buf bytes.Buffer
		if err := NPY(&buf, data, test.shape...); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "'shape': "+test.header+", }") {
			t.Errorf("shape %v: header %q", test.shape, buf.String()[10:min(buf.Len(), 80)])
		}
		shape, vals := readNPY(t, buf.Bytes())
		if !slices.Equal(shape, test.shape) || !slices.Equal(vals, data) {
			t.Errorf("shape %v: read back %v %v", test.shape, shape, vals)
		}
	}
	defer func() {
		if recover() == nil {
			t.Errorf("NPY with a wrong shape did not panic")
		}
	}()
	NPY(io.Discard, make([]float64, 5), 2, 3)
}

func TestNPZ(t *testing.T) {
	for _, test := range []struct {
		name  string
		link  string
		files []string
	}{
		{"one run", "v=1&hidden=8,4&epochs=1", []string{"W1.npy", "b1.npy", "W2.npy", "b2.npy", "W3.npy", "b3.npy"}},
		{"comparison", "v=1&cmp=fa&hidden=3&epochs=1", []string{
			"run1/W1.npy", "run1/b1.npy", "run1/W2.npy", "run1/b2.npy",
			"run2/W1.npy", "run2/b1.npy", "run2/W2.npy", "run2/b2.npy", "run2/feedback2.npy"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			c := comparison(t, test.link)
			var buf bytes.Buffer
			if err := NPZ(&buf, c.Runs()); err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatalf("not a zip: %v", err)
			}
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					t.Fatal(err)
				}
				shape, vals := readNPY(t, b)
				ri, name := 0, f.Name
				if i := strings.IndexByte(name, '/'); i >= 0 {
					ri, _ = strconv.Atoi(strings.TrimPrefix(name[:i], "run"))
					ri--
					name = name[i+1:]
				}
				r := c.Runs()[ri]
				var l int
				var want []float64
				var wantShape []int
				switch {
				case strings.HasPrefix(name, "W"):
					fmt.Sscanf(name, "W%d.npy", &l)
					ly := r.Net.Layers[l-1]
					want, wantShape = ly.W.Value, []int{ly.Out, ly.In}
				case strings.HasPrefix(name, "b"):
					fmt.Sscanf(name, "b%d.npy", &l)
					ly := r.Net.Layers[l-1]
					want, wantShape = ly.B.Value, []int{ly.Out}
				case strings.HasPrefix(name, "feedback"):
					fmt.Sscanf(name, "feedback%d.npy", &l)
					ly := r.Net.Layers[l-1]
					for _, a := range Arrays(r) {
						if a.Name+".npy" == name {
							want = a.Data
						}
					}
					wantShape = []int{ly.Out, ly.In}
					b, w, ok := r.Rule.(rule.Feedbacker).Feedback(l - 1)
					if !ok || !slices.Equal(b, want) || slices.Equal(b, w) {
						t.Errorf("%s is not the feedback matrix", f.Name)
					}
				}
				if !slices.Equal(shape, wantShape) || !slices.Equal(vals, want) {
					t.Errorf("%s: shape %v, want %v; values equal: %v", f.Name, shape, wantShape, slices.Equal(vals, want))
				}
			}
			if !slices.Equal(names, test.files) {
				t.Errorf("files %v, want %v", names, test.files)
			}
		})
	}
}

// TestNumPyReads opens the exports with NumPy itself, where python3 (or
// the interpreter $PYTHON names) has numpy (neither is required: TestNPY
// and TestNPZ parse the files in Go).
func TestNumPyReads(t *testing.T) {
	name := os.Getenv("PYTHON")
	if name == "" {
		name = "python3"
	}
	py, err := exec.LookPath(name)
	if err != nil {
		t.Skip("no " + name)
	}
	if exec.Command(py, "-c", "import numpy").Run() != nil {
		t.Skip("python3 has no numpy")
	}
	c := comparison(t, "v=1&hidden=5&epochs=1")
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "w.npz"))
	if err != nil {
		t.Fatal(err)
	}
	if err := NPZ(f, c.Runs()); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command(py, "-c", `import numpy, sys
z = numpy.load(sys.argv[1])
print(z["W1"].shape, z["b1"].shape, z["W2"].shape, repr(z["W1"][0, 1]))`, filepath.Join(dir, "w.npz")).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy: %v\n%s", err, out)
	}
	w := c.Runs()[0].Net.Layers[0].W.Value[1]
	want := fmt.Sprintf("(5, 2) (5,) (2, 5) %s", repr(w))
	if got := strings.TrimSpace(string(out)); got != want && got != strings.Replace(want, repr(w), "np.float64("+repr(w)+")", 1) {
		t.Errorf("numpy read %q, want %q", got, want)
	}
}

func repr(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
