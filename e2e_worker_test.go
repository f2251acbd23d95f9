//go:build !wasm

package main

// Browser tests of training in Web Workers (issue 12, app/worker.go): the
// same numbers in a worker, on the page's thread and natively; the
// fallback to the page's thread; and the benchmark's worker figures.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"plasticity/core/run"
)

// runsJS evaluates to window.plasticityRuns() (app/worker.go): where the
// runs train, and each run's step and digest.
const runsJS = `window.plasticityRuns ? window.plasticityRuns() : null`

type pageRuns struct {
	Mode    string   `json:"mode"`
	Why     string   `json:"why"`
	Workers int      `json:"workers"`
	Max     int      `json:"max"`
	Playing bool     `json:"playing"`
	Digests []string `json:"digests"`
	Steps   []int    `json:"steps"`
}

// nativeDigests trains the runs of link natively until none can go on
// (the link must set epochs) and returns their digests.
func nativeDigests(t *testing.T, link string) ([]string, int) {
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
	var ds []string
	for _, r := range c.Runs() {
		ds = append(ds, r.Digest())
	}
	return ds, run.ReplaySteps(c.Runs())
}

// trainInPage opens link with play=1, waits until training stops by itself
// and returns the page's runs.
func trainInPage(t *testing.T, link string) pageRuns {
	t.Helper()
	ctx, cancel := openPage(t, "?"+link+"&play=1")
	defer cancel()
	waitClient(t, ctx)
	waitFor(t, ctx, "the runs to stop by themselves",
		`(() => { const r = `+runsJS+`; return r && !r.playing && r.steps[0] > 0 && `+statusJS+`.dataset.state === "paused"; })()`, 3*time.Minute)
	return evalJS[pageRuns](t, ctx, runsJS)
}

// TestWorkerDeterminism trains the same links in Web Workers, on the
// page's thread (worker=0) and natively: the digests of every run (the
// bits of every recorded figure and of the final parameters) must agree.
// It also asks a bare worker (web/worker.js, outside the page) for the
// digest after the same number of steps.
func TestWorkerDeterminism(t *testing.T) {
	for _, link := range []string{
		"v=1&epochs=4",
		"v=1&cmp=fa,kp&data=xor&epochs=3",
	} {
		t.Run(link, func(t *testing.T) {
			want, steps := nativeDigests(t, link)
			inWorker := trainInPage(t, link)
			if inWorker.Mode != "worker" {
				t.Fatalf("trained on the %s's thread (%s), want in workers", inWorker.Mode, inWorker.Why)
			}
			onPage := trainInPage(t, link+"&worker=0")
			if onPage.Mode != "page" {
				t.Fatalf("worker=0 trained in %s, want the page's thread", onPage.Mode)
			}
			for i, w := range want {
				for _, got := range []struct {
					where string
					ds    []string
				}{{"worker", inWorker.Digests}, {"page", onPage.Digests}} {
					if i >= len(got.ds) || got.ds[i] != w {
						t.Errorf("run %d in the %s: digests %v, want native %s", i+1, got.where, got.ds, w)
					}
				}
			}
			t.Logf("%d steps, %d workers (at most %d); run 1's digest %s", steps, inWorker.Workers, inWorker.Max, want[0])

			ctx, cancel := openPage(t, "")
			defer cancel()
			waitClient(t, ctx)
			bare := evalJS[[]string](t, ctx, fmt.Sprintf(`new Promise((resolve, reject) => {
  const w = new Worker("/web/worker.js");
  w.onmessage = (e) => { if (e.data.digest) { w.terminate(); resolve(e.data.digest); } else if (e.data.error || e.data.fatal) reject(e.data.error || e.data.fatal); };
  w.postMessage({digest: %q, steps: %d});
})`, link, steps))
			if strings.Join(bare, ",") != strings.Join(want, ",") {
				t.Errorf("a bare worker: digests %v, want %v", bare, want)
			}
		})
	}
}

// TestWorkerFallback checks that the page trains on its own thread where
// there are no Web Workers.
func TestWorkerFallback(t *testing.T) {
	ctx, _ := openPage(t, "")
	waitClient(t, ctx)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: `delete window.Worker;`}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(testServer.url(t)+"/?play=1&epochs=2")); err != nil {
		t.Fatal(err)
	}
	waitClient(t, ctx)
	waitFor(t, ctx, "the run to stop by itself", statusJS+`.dataset.state === "paused" && `+numberJS("epoch")+` === 2`, time.Minute)
	r := evalJS[pageRuns](t, ctx, runsJS)
	if r.Mode != "page" || !strings.Contains(r.Why, "Web Workers") {
		t.Errorf("without Worker: mode %q (%s), want page", r.Mode, r.Why)
	}
	want, _ := nativeDigests(t, "v=1&epochs=2")
	if len(r.Digests) != 1 || r.Digests[0] != want[0] {
		t.Errorf("digests %v, want %v", r.Digests, want)
	}
}

// TestWorkerPauseStep pauses training in a worker and steps: the page
// shows where the worker stopped, and a step adds exactly one.
func TestWorkerPauseStep(t *testing.T) {
	ctx, _ := openPage(t, "?play=1")
	waitClient(t, ctx)
	waitFor(t, ctx, "training in a worker", `(() => { const r = `+runsJS+`; return r && r.mode === "worker" && r.steps[0] > 50; })()`, 30*time.Second)
	click(t, ctx, "#play")
	waitFor(t, ctx, "the paused state", statusJS+`.dataset.state === "paused"`, 5*time.Second)
	time.Sleep(300 * time.Millisecond) // the worker's reply to the pause
	a := evalJS[pageRuns](t, ctx, runsJS)
	if got := statusAttrs(t, ctx)["data-step"]; got != fmt.Sprint(a.Steps[0]) {
		t.Errorf("#status at step %s, the run at %d", got, a.Steps[0])
	}
	click(t, ctx, "#step")
	waitFor(t, ctx, "one more step", numberJS("step")+` === `+fmt.Sprint(a.Steps[0]+1), 5*time.Second)
	want, _ := nativeSteps(t, "v=1", a.Steps[0]+1)
	if b := evalJS[pageRuns](t, ctx, runsJS); b.Digests[0] != want {
		t.Errorf("after pause and step at %d: digest %s, want native %s", a.Steps[0]+1, b.Digests[0], want)
	}
}

// nativeSteps trains link's first run steps steps natively.
func nativeSteps(t *testing.T, link string, steps int) (string, error) {
	t.Helper()
	e, err := run.Decode(link)
	if err != nil {
		t.Fatal(err)
	}
	r, err := run.New(e)
	if err != nil {
		t.Fatal(err)
	}
	run.ReplayTo([]*run.Run{r}, steps)
	return r.Digest(), nil
}

// benchPage opens link (with play=1) and measures for d: training steps
// per second summed over the runs, and animation frames per second and the
// longest gap between two frames on the page.
func benchPage(t *testing.T, link string, d time.Duration) (mode string, stepsPerSec, fps, worstFrameMS float64) {
	t.Helper()
	ctx, cancel := openPage(t, "?"+link+"&play=1")
	defer cancel()
	waitClient(t, ctx)
	waitFor(t, ctx, "training", `(() => { const r = `+runsJS+`; return r && r.steps[0] > 0; })()`, 30*time.Second)
	time.Sleep(time.Second) // the workers' start, the first compilations
	evalJS[chromedp.Void](t, ctx, `(() => {
  const r = `+runsJS+`;
  const b = window.__wbench = {frames: 0, worst: 0, last: performance.now(), t0: performance.now(), steps0: r.steps.reduce((a, x) => a + x, 0)};
  const tick = (now) => { b.frames++; b.worst = Math.max(b.worst, now - b.last); b.last = now; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`)
	time.Sleep(d)
	m := evalJS[map[string]any](t, ctx, `(() => {
  const b = window.__wbench, r = `+runsJS+`, dt = (performance.now() - b.t0) / 1000;
  return {mode: r.mode, seconds: dt, fps: b.frames / dt, worst: b.worst, steps: (r.steps.reduce((a, x) => a + x, 0) - b.steps0) / dt};
})()`)
	return m["mode"].(string), m["steps"].(float64), m["fps"].(float64), m["worst"].(float64)
}

// benchBareWorkers trains each link in a bare worker of its own (no page
// work at all), all at once, for ms milliseconds, and returns the samples
// per second of each.
func benchBareWorkers(t *testing.T, ctx context.Context, ms int, links ...string) []float64 {
	t.Helper()
	rates := benchBareWorkersTraining(t, ctx, ms, links...)
	out := make([]float64, len(rates))
	for i, r := range rates {
		out[i] = r[0]
	}
	return out
}

// benchBareWorkersTraining is benchBareWorkers returning, per link, the
// samples per second over all the steps and over the steps that end no
// epoch (training alone, without the evaluation of both data sets at each
// epoch's end).
func benchBareWorkersTraining(t *testing.T, ctx context.Context, ms int, links ...string) [][]float64 {
	t.Helper()
	return evalJS[[][]float64](t, ctx, fmt.Sprintf(`Promise.all(%s.map((link) => new Promise((resolve, reject) => {
  const w = new Worker("/web/worker.js");
  w.onmessage = (e) => { const d = e.data; if (d.bench) { w.terminate(); resolve([d.samples / d.seconds, d.trainSamples / d.trainSeconds]); } else if (d.error || d.fatal) reject(d.error || d.fatal); };
  w.postMessage({bench: link, ms: %d});
})))`, jsonString(links), ms))
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// benchW1 is workload W1 of ../shared/bench: MNIST 784-128-10, ReLU, SGD
// at η = 0.05, batches of 32 (core/run's BenchmarkMNISTStep).
const benchW1 = "v=1&data=mnist&hidden=128&act=relu&opt=sgd&lr=0.05&batch=32&train=10000&test=2000"

// TestBrowserWorkerBench measures training in Web Workers against the
// page's thread: steps per second of the default spiral run and the
// page's frames per second while it trains, a four-rule comparison's total
// steps per second, and MNIST (workload W1 of ../shared/bench) in bare
// workers, one run and four rules at once. Run it with BENCH_BROWSER=1
// (make bench).
func TestBrowserWorkerBench(t *testing.T) {
	if os.Getenv("BENCH_BROWSER") != "1" {
		t.Skip("browser benchmark: set BENCH_BROWSER=1")
	}
	const d = 5 * time.Second
	for _, link := range []string{
		"v=1",
		"v=1&cmp=fa,dfa,kp",
	} {
		for _, where := range []string{"worker=1", "worker=0"} {
			mode, steps, fps, worst := benchPage(t, link+"&"+where, d)
			t.Logf("%-18s %-8s (%s): %8.1f steps/s (summed over runs), %5.1f frames/s, longest frame %4.0f ms",
				link, where, mode, steps, fps, worst)
		}
	}
	for _, link := range []string{benchW1, benchW1 + "&cmp=fa,dfa,kp"} {
		for _, where := range []string{"worker=1", "worker=0"} {
			mode, steps, fps, worst := benchPage(t, link+"&"+where, 2*d)
			t.Logf("MNIST W1%s %-8s (%s): %8.0f samples/s (summed over runs), %5.1f frames/s, longest frame %4.0f ms",
				strings.TrimPrefix(link, benchW1), where, mode, 32*steps, fps, worst)
		}
	}
	ctx, cancel := openPage(t, "")
	defer cancel()
	waitClient(t, ctx)
	t.Logf("default spiral, bare worker: %.0f samples/s", benchBareWorkers(t, ctx, 4000, "v=1")[0])
	const w1 = benchW1
	one := benchBareWorkersTraining(t, ctx, 6000, w1)[0]
	t.Logf("MNIST W1, one bare worker: %.0f samples/s; %.0f samples/s in the steps that end no epoch (training without the evaluation of the 12,000 images at each epoch's end)", one[0], one[1])
	var links []string
	for _, r := range []string{"bp", "fa", "dfa", "kp"} {
		links = append(links, strings.Replace(w1, "v=1", "v=1&rule="+r, 1))
	}
	four := benchBareWorkers(t, ctx, 6000, links...)
	total := 0.0
	for _, x := range four {
		total += x
	}
	t.Logf("MNIST W1, bp, fa, dfa, kp in four bare workers at once: %.0f samples/s in all (%v)", total, four)
	all := benchBareWorkers(t, ctx, 6000, "v=1&cmp=fa,dfa,kp&"+strings.TrimPrefix(w1, "v=1&"))
	t.Logf("MNIST W1, the same four rules in one worker: %.0f samples/s in all", all[0])
}

// TestWorkerOffline checks that the service worker precaches the training
// worker: a page opened offline still trains in a worker.
func TestWorkerOffline(t *testing.T) {
	srv, _ := serveCopy(t, false)
	ctx, _ := openPageAt(t, srv.URL, "")
	waitFor(t, ctx, "the WASM to start", wasmStarted, time.Minute)
	cached := evalJS[[]string](t, ctx, `(async () => {
  await navigator.serviceWorker.ready;
  for (let i = 0; i < 200; i++) {
    const urls = [];
    for (const key of await caches.keys()) for (const r of await (await caches.open(key)).keys()) urls.push(new URL(r.url).pathname);
    if (urls.includes("/web/worker.wasm") && navigator.serviceWorker.controller) return urls;
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
})()`)
	for _, f := range []string{"/web/worker.js", "/web/worker.wasm", "/wasm_exec.js"} {
		if !strings.Contains(strings.Join(cached, " "), f) {
			t.Errorf("the service worker did not cache %s (cached: %v)", f, cached)
		}
	}
	srv.CloseClientConnections()
	srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?play=1")); err != nil {
		t.Fatalf("opening a link offline: %v", err)
	}
	waitFor(t, ctx, "the WASM to start offline", wasmStarted, time.Minute)
	waitFor(t, ctx, "training in a worker offline", `(() => { const r = `+runsJS+`; return r && r.mode === "worker" && r.steps[0] > 10; })()`, 30*time.Second)
}

// TestWorkerComparePause trains a comparison of four rules in workers
// (each at its own pace), pauses it, and checks that the runs come to rest
// at the same step with the numbers a lockstep comparison has there.
func TestWorkerComparePause(t *testing.T) {
	const link = "v=1&cmp=fa,dfa,kp"
	ctx, _ := openPage(t, "?"+link+"&play=1")
	waitClient(t, ctx)
	waitFor(t, ctx, "training in workers", `(() => { const r = `+runsJS+`; return r && r.mode === "worker" && r.steps[0] > 100; })()`, 30*time.Second)
	click(t, ctx, "#play")
	waitFor(t, ctx, "the runs to rest at one step", `(() => { const r = `+runsJS+`; return `+statusJS+`.dataset.state === "paused" && r.steps.every((s) => s === r.steps[0]); })()`, 10*time.Second)
	time.Sleep(200 * time.Millisecond)
	r := evalJS[pageRuns](t, ctx, runsJS)
	spec, err := run.DecodeComparison(link)
	if err != nil {
		t.Fatal(err)
	}
	c, err := run.NewComparison(spec)
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour, r.Steps[0])
	for i, x := range c.Runs() {
		if i >= len(r.Digests) || r.Digests[i] != x.Digest() {
			t.Errorf("run %d at step %d: digest %v, want %s", i+1, r.Steps[0], r.Digests, x.Digest())
		}
	}
	t.Logf("%d workers, paused at step %d", r.Workers, r.Steps[0])
}

// TestWorkerCSVOnPage trains an uploaded CSV file, which only the page
// has: the workers report that they cannot build the run, and the page
// trains it on its own thread; a built-in dataset afterwards trains in the
// workers again.
func TestWorkerCSVOnPage(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("width,height,kind\n")
	for i := 0; i < 30; i++ {
		f := float64(i)
		fmt.Fprintf(&csv, "%g,%g,small\n%g,%g,large\n", 1+0.1*f, 2+0.05*f, 5+0.1*f, 7-0.05*f)
	}
	name := filepath.Join(t.TempDir(), "sizes.csv")
	if err := os.WriteFile(name, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, _ := openPage(t, "?hidden=8")
	waitClient(t, ctx)
	waitFor(t, ctx, "the workers", `(() => { const r = `+runsJS+`; return r && r.mode === "worker"; })()`, 30*time.Second)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#csv-file"), []string{name})); err != nil {
		t.Fatalf("uploading: %v", err)
	}
	waitFor(t, ctx, "the file loaded", `!!document.querySelector("#csv-loaded")`, 15*time.Second)
	click(t, ctx, "#play")
	waitFor(t, ctx, "training on the page's thread", `(() => { const r = `+runsJS+`; return r && r.mode === "page" && r.steps[0] > 10; })()`, 30*time.Second)
	click(t, ctx, "#play")
	waitFor(t, ctx, "the paused state", statusJS+`.dataset.state === "paused"`, 5*time.Second)
	click(t, ctx, "#data-spiral")
	click(t, ctx, "#play")
	waitFor(t, ctx, "training in the workers again", `(() => { const r = `+runsJS+`; return r && r.mode === "worker" && r.steps[0] > 10; })()`, 30*time.Second)
}
