//go:build !wasm

package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestBrowserKernelBench runs core/nn's MNIST benchmarks (workload W1 of
// ../shared/bench: 784-128-10 ReLU, SGD η = 0.05, batches of 32) in
// headless chromium: the test binary of core/nn, built for WebAssembly,
// runs in a page with Go's wasm_exec.js, and its output (the usual
// benchmark lines, with samples/s) is read from the console. Together with
// ../shared/bench/peer-tfjs.sh, run just before or after, it gives the
// ratio to TensorFlow.js in the same browser. The page has no file system,
// so the benchmark uses its stand-in for the asset: random images with
// MNIST's share of nonzero pixels (19 %). BENCH_BROWSER=1 (make bench).
func TestBrowserKernelBench(t *testing.T) {
	if os.Getenv("BENCH_BROWSER") != "1" {
		t.Skip("browser benchmark: set BENCH_BROWSER=1")
	}
	needBrowser(t)
	dir := t.TempDir()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool, "test", "-c", "-o", filepath.Join(dir, "nn.test.wasm"), "./core/nn")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building core/nn's tests for WebAssembly: %v\n%s", err, out)
	}
	execJS, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"wasm_exec.js": string(execJS), "index.html": kernelBenchPage}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	ctx, _ := openPageAt(t, srv.URL, "index.html")
	waitFor(t, ctx, "the benchmarks to finish", `window.__done === true`, 3*time.Minute)
	out := evalJS[string](t, ctx, `window.__out`)
	code := evalJS[int](t, ctx, `window.__code ?? -1`)
	found := false
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "Benchmark") {
			t.Logf("chromium: %s", line)
			found = true
		}
	}
	if code != 0 || !found {
		t.Fatalf("the benchmark binary exited with %d:\n%s", code, out)
	}
}

// kernelBenchPage runs nn.test.wasm with benchmark flags and keeps what it
// prints (wasm_exec.js writes standard output through console.log).
const kernelBenchPage = `<!doctype html>
<meta charset="utf-8">
<title>core/nn benchmarks</title>
<script src="wasm_exec.js"></script>
<script>
window.__out = "";
const log = console.log;
console.log = (...a) => { window.__out += a.join(" ") + "\n"; log(...a); };
const go = new Go();
go.argv = ["nn.test", "-test.run=^$", "-test.bench=^BenchmarkMNIST", "-test.benchtime=3s", "-test.benchmem"];
go.exit = (code) => { window.__code = code; window.__done = true; };
WebAssembly.instantiateStreaming(fetch("nn.test.wasm"), go.importObject)
  .then((r) => go.run(r.instance))
  .catch((e) => { window.__out += "error: " + e + "\n"; window.__code = 1; window.__done = true; });
</script>
`
