package app

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"plasticity/components"
	"plasticity/core/qr"
	"plasticity/core/run"
)

func TestToggleControl(t *testing.T) {
	t.Parallel()
	var cs []string
	cs = toggleControl(cs, "net", true)
	cs = toggleControl(cs, "data", true)
	cs = toggleControl(cs, "data", true)
	if !slices.Equal(cs, []string{"data", "net"}) {
		t.Errorf("%v, want [data net]: in the order of run.Controls, once", cs)
	}
	if cs = toggleControl(cs, "data", false); !slices.Equal(cs, []string{"net"}) {
		t.Errorf("%v", cs)
	}
}

func TestClassroomQuery(t *testing.T) {
	t.Parallel()
	spec, _ := run.DecodeComparison("cmp=fa&seed=3&lock=seed")
	q := classroomQuery(spec, []string{"data", "rule"}, []string{"net"})
	if want := "v=1&cmp=fa&hide=net&lock=data,rule&seed=3"; q != want {
		t.Errorf("query %q, want %q", q, want)
	}
	back, err := run.DecodeComparison(q)
	if err != nil || !back.Runs[1].IsLocked("rule") || !back.Runs[0].IsHidden("net") || back.Runs[0].IsLocked("seed") {
		t.Errorf("%q read back as %+v, %v", q, back.Runs, err)
	}
	// The page's own comparison is untouched.
	if !spec.Runs[0].IsLocked("seed") || spec.Runs[0].IsLocked("data") {
		t.Errorf("the spec changed: %+v", spec.Runs[0])
	}
	if got := pageBase("http://h:8/?v=1&x=2#y"); got != "http://h:8/" {
		t.Errorf("pageBase %q", got)
	}
}

func TestQRPath(t *testing.T) {
	t.Parallel()
	code, err := qr.EncodeLink("http://127.0.0.1:8000/?v=1&cmp=fa,kp&lock=data")
	if err != nil {
		t.Fatal(err)
	}
	side, path := qrPath(code)
	if side != code.Size+2*qr.QuietZone {
		t.Errorf("side %d", side)
	}
	// The path covers exactly the dark modules: count them by runs.
	dark := 0
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; x++ {
			if code.Dark(x, y) {
				dark++
			}
		}
	}
	covered := 0
	for _, part := range strings.Split(path, "z")[:strings.Count(path, "z")] {
		var x, y, n, n2 int
		if _, err := fmtSscanf(part, &x, &y, &n, &n2); err != nil || n != n2 {
			t.Fatalf("part %q: %v", part, err)
		}
		covered += n
	}
	if covered != dark {
		t.Errorf("the path covers %d modules, the code has %d dark", covered, dark)
	}
	// The same as core/qr's own SVG draws.
	if !strings.Contains(code.SVG(), `d="`+path+`"`) {
		t.Error("the path differs from qr's SVG")
	}
}

func TestExportFiles(t *testing.T) {
	t.Parallel()
	m := newModel("cmp=fa&epochs=1&train=50&test=20")
	m.play()
	for m.playing {
		m.advance(1e9, 10)
	}
	for _, k := range []string{components.DownloadMetricsCSV, components.DownloadMetricsJSON, components.DownloadExperiment, components.DownloadWeights} {
		f, ok := exportFile(k, m.spec, m.runs())
		if !ok {
			t.Fatalf("%s: no file", k)
		}
		var b bytes.Buffer
		if err := f.write(&b); err != nil || b.Len() == 0 {
			t.Errorf("%s: %v (%d bytes)", k, err, b.Len())
		}
		if !strings.HasPrefix(f.name, "plasticity-comparison-") {
			t.Errorf("%s: name %q", k, f.name)
		}
		if k == components.DownloadMetricsCSV && !strings.HasPrefix(b.String(), "run,rule,epoch,step,passes,") {
			t.Errorf("CSV header %q", strings.SplitN(b.String(), "\n", 2)[0])
		}
	}
	if _, ok := exportFile(components.DownloadMap, m.spec, m.runs()); ok {
		t.Error("a picture as a data file")
	}
	if got := downloads(newModel("data=bars").runs()); slices.ContainsFunc(got, func(o components.Option) bool { return o.Value == components.DownloadMap }) {
		t.Error("a decision map for images")
	}
}

// fmtSscanf reads one rectangle of qrPath: "Mx yhnv1h-n".
func fmtSscanf(s string, x, y, n, n2 *int) (int, error) {
	return fmt.Sscanf(s, "M%d %dh%dv1h-%d", x, y, n, n2)
}
