package run

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// digestLinks are the experiments whose numbers are pinned bit for bit:
// a classification with tanh and Adam (exp, log and tanh in the loss and
// the activations, pow in Adam's bias correction), one with ReLU and
// momentum on Gaussian clusters (the data drawn with NormFloat64, sin and
// cos), a regression with the squared error, and a spiking network with
// rate-coded input and the rectifier (hashed draws, cube roots, the
// sigmoid surrogate; core/nn/spiking.go).
var digestLinks = []string{
	"v=1&epochs=4",
	"v=1&data=gauss&act=relu&opt=momentum&lr=0.1&classes=3&epochs=4",
	"v=1&data=plane&act=sigmoid&opt=sgd&lr=0.1&epochs=4",
	"v=1&data=multi-gauss&hidden=8&epochs=3",
	"v=1&rule=bptt&snn.coding=rate&snn.reset=soft&snn.mpr=1&epochs=2",
	mnistDigestLink,
	hebbDigestLink,
}

// hebbDigestLink's probes include the angle to the data's principal
// components, which gonum computes: its numbers are the browser's only in
// builds where gonum runs its portable Go (gonumPortable: WebAssembly, or
// -tags=noasm, as make test builds).
const hebbDigestLink = "v=1&rule=hebb&data=mnist14&hidden=32&train=300&test=100&batch=16&epochs=2"

// mnistDigestLink pins the sparse kernels of core/nn (images, mostly
// zeros): batches of 16 go through AffineSparse in WebAssembly and through
// AffineGather natively, the evaluation through AffineGather on both, and
// the first layer's gradient through AddOuterSparse; all must give the
// bits of the dense kernels, which gave this golden before they existed.
const mnistDigestLink = "v=1&data=mnist14&hidden=32&act=relu&train=300&test=100&batch=16&epochs=2"

// TestDigest pins the numbers of a few experiments bit for bit, natively
// and under WebAssembly alike: the same link must give the same figures on
// a laptop's command line and in any browser. Run it under Node with
//
//	GOOS=js GOARCH=wasm go test -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run Digest ./core/run
//
// (make test does). -update rewrites the golden natively; a WebAssembly run
// never rewrites it, so that a difference between the two shows up as a
// failure.
func TestDigest(t *testing.T) {
	path := filepath.Join("testdata", "digest.golden")
	var lines []string
	needMNIST(t)
	for _, link := range digestLinks {
		r := mustRun(t, link)
		train(r)
		if r.State() != Finished {
			t.Fatalf("%s: state %s: %s", link, r.State(), r.Message())
		}
		lines = append(lines, link+" "+r.Digest())
	}
	got := strings.Join(lines, "\n") + "\n"
	if *update && runtime.GOARCH != "wasm" && gonumPortable {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := readGoldenLines(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range lines {
		if digestLinks[i] == hebbDigestLink && !gonumPortable {
			t.Logf("%s: not compared: gonum runs assembly in this build (make test builds with -tags=noasm)", hebbDigestLink)
			continue
		}
		if i >= len(want) || line != want[i] {
			w := "(none)"
			if i < len(want) {
				w = want[i]
			}
			t.Errorf("%s/%s: digest\ngot  %s\nwant %s", runtime.GOOS, runtime.GOARCH, line, w)
		}
	}
	if len(want) != len(lines) {
		t.Errorf("golden has %d lines, want %d", len(want), len(lines))
	}
}

func readGoldenLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%v (run go test -run Digest -update natively)", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	return out, sc.Err()
}
