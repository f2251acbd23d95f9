//go:build !wasm

package main

// Browser tests: the real WASM, served by the real handler stack, in a
// headless Debian chromium driven by chromedp.
//
// They read the page through a small contract with the UI (app/ and
// components/):
//
//   - #status carries data-state ("loading" in the prerendered HTML; "ready",
//     "running", "paused", "diverged" once the client runs), data-step,
//     data-epoch, data-train-loss, data-test-loss, data-train-acc and
//     data-test-acc;
//   - #play toggles between play and pause;
//   - #notice explains a rejected link or a divergence;
//   - #decision-map is the canvas of the decision map.
//   - .run-status elements (one per run of a comparison, run 1 first) carry
//     data-run, data-rule and each run's figures as #status does; #add-run
//     adds a run, #share opens the share dialog (#share-qr, #share-link).
//
// Without chromium the tests skip, unless E2E_REQUIRE_BROWSER=1 (as in CI),
// where they fail; -short skips them too. The browser benchmark runs only with
// BENCH_BROWSER=1 (make bench).

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	playground "plasticity/app"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testServer.close()
	os.Exit(code)
}

// testServer is the server the browser tests share. It is built on first
// use, once per process: building the WASM takes seconds to a minute.
var testServer e2eServer

type e2eServer struct {
	once sync.Once
	dir  string // holds web/
	srv  *httptest.Server
	err  error
}

// url returns the base URL of the test server, building it on first use.
func (e *e2eServer) url(t testing.TB) string {
	t.Helper()
	e.once.Do(func() { e.err = e.start() })
	if e.err != nil {
		t.Fatalf("test server: %v", e.err)
	}
	return e.srv.URL
}

// start builds the WASM from ./wasm into a temporary web/, copies the other
// files of web/, compresses app.wasm as make build does (with a fast brotli
// quality) and serves that web/ with the production handler.
func (e *e2eServer) start() error {
	dir, err := os.MkdirTemp("", "plasticity-e2e-")
	if err != nil {
		return err
	}
	e.dir = dir
	web := filepath.Join(dir, "web")
	if err := copyWeb(web, "web"); err != nil {
		return fmt.Errorf("copying web/: %w", err)
	}
	wasm := filepath.Join(web, "app.wasm")
	goTool, err := exec.LookPath("go")
	if err != nil {
		return err
	}
	start := time.Now()
	cmd := exec.Command(goTool, "build", "-o", wasm, "./wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("GOOS=js GOARCH=wasm go build ./wasm: %v\n%s", err, out)
	}
	// The training worker (issue 12), built and compressed the same way.
	worker := filepath.Join(web, "worker.wasm")
	cmd = exec.Command(goTool, "build", "-o", worker, "./wasm/worker")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("GOOS=js GOARCH=wasm go build ./wasm/worker: %v\n%s", err, out)
	}
	built := time.Since(start)
	for _, f := range []string{wasm, worker} {
		if err := compressFile(f, 5); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "e2e: built app.wasm in %v\n", built.Round(time.Millisecond))
	register()
	site, err := playground.NewSite(web, false)
	if err != nil {
		return err
	}
	e.srv = httptest.NewServer(site)
	return nil
}

// copyWeb copies the files of src to dst, but for app.wasm and its
// compressed forms, which start builds afresh.
func copyWeb(dst, src string) error {
	return filepath.WalkDir(src, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, name)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case strings.HasPrefix(rel, "app.wasm") || !d.Type().IsRegular():
			return nil
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

func (e *e2eServer) close() {
	if e.srv != nil {
		e.srv.Close()
	}
	if e.dir != "" {
		os.RemoveAll(e.dir)
	}
}

// chromium returns the path of a chromium or chrome binary, or "".
func chromium() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// needBrowser returns the browser's path, or skips the test (fails it when
// E2E_REQUIRE_BROWSER=1).
func needBrowser(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	path := chromium()
	if path == "" {
		const hint = "no chromium found (/usr/bin/chromium or chromium on PATH); install it with: apt-get install chromium"
		if os.Getenv("E2E_REQUIRE_BROWSER") == "1" {
			t.Fatal(hint + " (E2E_REQUIRE_BROWSER=1)")
		}
		t.Skip(hint)
	}
	return path
}

// pageInit runs in every page before its own scripts. It records the
// Content-Security-Policy violations and the moment (performance.now()) the
// client first sets #status to a state other than loading.
const pageInit = `
window.__e2e = {csp: [], clientAt: 0};
document.addEventListener("securitypolicyviolation", (e) => {
  window.__e2e.csp.push(e.violatedDirective + " " + e.blockedURI);
});
new MutationObserver((_, observer) => {
  const s = document.getElementById("status");
  if (s && s.dataset.state && s.dataset.state !== "loading") {
    window.__e2e.clientAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"]});
`

// openPage starts a headless chromium with a fresh profile (a new temporary
// user-data dir) and opens the playground at query, e.g. "?data=spiral" or
// "". The browser lives at most 4 minutes and stops when the test ends; cancel
// stops it earlier. If the test fails, a screenshot is saved and the page's
// console is logged.
func openPage(t *testing.T, query string) (context.Context, context.CancelFunc) {
	t.Helper()
	needBrowser(t)
	return openPageAt(t, testServer.url(t), query)
}

// openPageAt is openPage on the server at base.
func openPageAt(t *testing.T, base, query string) (context.Context, context.CancelFunc) {
	t.Helper()
	browser := needBrowser(t)

	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(browser),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
	life, cancelLife := context.WithTimeout(context.Background(), 4*time.Minute)
	alloc, cancelAlloc := chromedp.NewExecAllocator(life, opts...)
	ctx, cancelTab := chromedp.NewContext(alloc)
	var once sync.Once
	cancel := func() {
		once.Do(func() {
			cancelTab()
			cancelAlloc()
			cancelLife()
		})
	}
	t.Cleanup(cancel)

	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", browser, err)
	}
	var mu sync.Mutex
	var console []string
	logf := func(format string, args ...any) {
		mu.Lock()
		console = append(console, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	calls := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	go func() {
		for ev, err := range calls {
			if err != nil {
				return
			}
			var args []string
			for _, a := range ev.Args {
				if len(a.Value) > 0 {
					args = append(args, string(a.Value))
				} else {
					args = append(args, a.Description)
				}
			}
			logf("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			logf("exception: %s", msg)
		}
	}()
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		mu.Lock()
		for _, line := range console {
			t.Log(line)
		}
		mu.Unlock()
		name := filepath.Join(os.TempDir(), "plasticity-e2e", strings.ReplaceAll(t.Name(), "/", "_")+".png")
		if err := screenshotTo(ctx, name); err == nil {
			t.Logf("screenshot: %s", name)
		}
	})

	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: pageInit}); err != nil {
		t.Fatalf("installing the page hooks: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"+query)); err != nil {
		t.Fatalf("opening /%s: %v", query, err)
	}
	return ctx, cancel
}

// statusJS evaluates to the #status element (or null).
const statusJS = `document.getElementById("status")`

// waitFor polls the JavaScript expression cond until it is truthy, or fails
// the test after timeout, showing #status.
func waitFor(t *testing.T, ctx context.Context, what, cond string, timeout time.Duration) {
	t.Helper()
	wait, cancel := context.WithTimeout(ctx, timeout+5*time.Second)
	defer cancel()
	_, err := chromedp.Run(wait, chromedp.Poll[chromedp.Void](cond,
		chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		t.Fatalf("waiting %v for %s: %v\n#status: %v", timeout, what, err, statusOrError(ctx))
	}
}

// waitClient waits until the WASM client runs: go-app removes its loader
// once the WASM has started, and only the client sets #status to a
// data-state other than loading.
func waitClient(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the WASM to start", wasmStarted, time.Minute)
	waitFor(t, ctx, "the client to set #status",
		`(() => { const s = `+statusJS+`; return !!s && !!s.dataset.state && s.dataset.state !== "loading"; })()`,
		15*time.Second)
}

// statusAttrs returns the data- attributes of #status (keys like
// "data-step"); an empty map when there is no #status.
func statusAttrs(t *testing.T, ctx context.Context) map[string]string {
	t.Helper()
	attrs, err := readStatus(ctx)
	if err != nil {
		t.Fatalf("reading #status: %v", err)
	}
	return attrs
}

func readStatus(ctx context.Context) (map[string]string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => {
  const s = `+statusJS+`, o = {};
  if (s) for (const a of s.attributes) if (a.name.startsWith("data-")) o[a.name] = a.value;
  return o;
})()`))
}

func statusOrError(ctx context.Context) any {
	attrs, err := readStatus(ctx)
	if err != nil {
		return err
	}
	return attrs
}

// evalJS evaluates a JavaScript expression and decodes its value into T. A
// promise is awaited.
func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// text returns the text of the first element that the CSS selector matches,
// or "" if none does.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	q, _ := json.Marshal(sel)
	return evalJS[string](t, ctx, `document.querySelector(`+string(q)+`)?.textContent ?? ""`)
}

// click clicks the first element that the CSS selector matches, waiting up
// to 10 s for it to be visible.
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	wait, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(wait, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
}

// screenshot saves a PNG of the page at path.
func screenshot(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	if err := screenshotTo(ctx, path); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
}

func screenshotTo(ctx context.Context, path string) error {
	shot, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(shot, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, png, 0o644)
}

// canvasPixels returns the canvas's pixels as a data: URL.
func canvasPixels(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	q, _ := json.Marshal(sel)
	return evalJS[string](t, ctx, `document.querySelector(`+string(q)+`).toDataURL()`)
}

// numberJS evaluates to the number in #status's data-<name> (NaN if none).
func numberJS(name string) string {
	return `parseFloat(` + statusJS + `?.getAttribute("data-` + name + `"))`
}

// TestE2EHarness checks the harness and the serving stack with whatever page
// app/ renders: the title, the client starting (go-app removes its loader
// once the WASM runs), app.wasm arriving compressed, no CSP violation, and
// the service worker precaching every file (one missing file and it caches
// none).
func TestE2EHarness(t *testing.T) {
	ctx, _ := openPage(t, "")
	if title := evalJS[string](t, ctx, `document.title`); !strings.Contains(title, "Plasticity") {
		t.Errorf("title %q", title)
	}
	if evalJS[bool](t, ctx, `!`+statusJS) {
		t.Error("the page has no #status")
	}
	waitFor(t, ctx, "the WASM to start", wasmStarted, time.Minute)

	wasm := evalJS[map[string]float64](t, ctx, `(() => {
  const e = performance.getEntriesByType("resource").find((e) => e.name.includes("/web/app.wasm"));
  return e ? {encoded: e.encodedBodySize, decoded: e.decodedBodySize} : {};
})()`)
	if wasm["decoded"] == 0 || wasm["encoded"] >= wasm["decoded"]/2 {
		t.Errorf("app.wasm: %v bytes on the wire for %v; want it compressed", wasm["encoded"], wasm["decoded"])
	}

	cached := cachedFiles(t, ctx)
	if cached < 8 {
		t.Errorf("the service worker cached %d files; want all of them (at least 8)", cached)
	}
	if csp := evalJS[[]string](t, ctx, `window.__e2e.csp`); len(csp) > 0 {
		t.Errorf("Content-Security-Policy violations: %q", csp)
	}
	t.Logf("app.wasm: %.0f bytes on the wire for %.0f; the service worker cached %d files", wasm["encoded"], wasm["decoded"], cached)
}

// serveCopy serves a copy of the test server's web/ (without the compressed
// files) in production or development mode, for tests that change the files
// or stop the server. It returns the server and its web directory.
func serveCopy(t *testing.T, dev bool) (*httptest.Server, string) {
	t.Helper()
	needBrowser(t)
	testServer.url(t)
	web := filepath.Join(t.TempDir(), "web")
	if err := copyWeb(web, filepath.Join(testServer.dir, "web")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(testServer.dir, "web", "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(web, "app.wasm"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	site, err := playground.NewSite(web, dev)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	return srv, web
}

// wasmStarted is true once go-app has started the WASM: it removes its
// loader then.
const wasmStarted = `!document.getElementById("app-wasm-loader")`

// cachedFiles waits for the service worker to control the page and returns
// how many files its caches hold once they hold any (0 after 20 s).
func cachedFiles(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(async () => {
  await navigator.serviceWorker.ready;
  for (let i = 0; i < 200; i++) {
    let n = 0;
    for (const key of await caches.keys()) n += (await (await caches.open(key)).keys()).length;
    if (n > 0 && navigator.serviceWorker.controller) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
  return 0;
})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("reading the service worker's caches: %v", err)
	}
	return n
}

// TestE2EOffline opens the playground once, stops the server, and opens
// another experiment link: the service worker must serve it all from its
// cache.
func TestE2EOffline(t *testing.T) {
	srv, _ := serveCopy(t, false)
	ctx, _ := openPageAt(t, srv.URL, "?data=spiral")
	waitFor(t, ctx, "the WASM to start", wasmStarted, time.Minute)
	if n := cachedFiles(t, ctx); n < 8 {
		t.Fatalf("the service worker cached %d files; want all of them (at least 8)", n)
	}
	srv.CloseClientConnections()
	srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?data=moons&seed=3")); err != nil {
		t.Fatalf("opening a link offline: %v", err)
	}
	waitFor(t, ctx, "the WASM to start offline", wasmStarted, time.Minute)
	if evalJS[bool](t, ctx, `!`+statusJS) {
		t.Error("the page opened offline has no #status")
	}
}

// TestE2EDevReload checks development mode: no service worker cache, and a
// rebuilt app.wasm reaches the page on a plain reload.
func TestE2EDevReload(t *testing.T) {
	srv, web := serveCopy(t, true)
	ctx, _ := openPageAt(t, srv.URL, "")
	waitFor(t, ctx, "the WASM to start", wasmStarted, time.Minute)
	sizeJS := `performance.getEntriesByType("resource").find((e) => e.name.includes("/web/app.wasm"))?.decodedBodySize ?? 0`
	before := evalJS[int](t, ctx, sizeJS)
	evalJS[bool](t, ctx, `navigator.serviceWorker.ready.then(() => true)`)

	// "Rebuild" app.wasm: append a custom section (id 0, size, name, payload),
	// which leaves the module valid and makes it longer.
	name, payload := "e2e", make([]byte, 1000)
	section := append([]byte{0, byte(0x80 | (1+len(name)+len(payload))&0x7f), byte((1 + len(name) + len(payload)) >> 7), byte(len(name))}, name...)
	section = append(section, payload...)
	f, err := os.OpenFile(filepath.Join(web, "app.wasm"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(section); err != nil {
		t.Fatal(err)
	}
	f.Close()

	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the WASM to start after the reload", wasmStarted, time.Minute)
	if after := evalJS[int](t, ctx, sizeJS); after != before+len(section) {
		t.Errorf("app.wasm after the rebuild and a reload: %d bytes, want %d (before: %d)", after, before+len(section), before)
	}
	if n := evalJS[int](t, ctx, `caches.keys().then((keys) => keys.length)`); n != 0 {
		t.Errorf("development mode left %d caches", n)
	}
}

func TestE2EPlayTrains(t *testing.T) {
	ctx, _ := openPage(t, "?data=spiral&play=1")
	waitClient(t, ctx)
	waitFor(t, ctx, "a first step and a train accuracy",
		numberJS("step")+` > 0 && !isNaN(`+numberJS("train-acc")+`)`, 30*time.Second)
	// The map first: the figures may lag it, never lead it, so the figures
	// that rise above these come with a map painted after this one.
	before := canvasPixels(t, ctx, "#decision-map")
	first := statusAttrs(t, ctx)
	acc, err := strconv.ParseFloat(strings.TrimSuffix(first["data-train-acc"], "%"), 64)
	if err != nil {
		t.Fatalf("data-train-acc %q: %v", first["data-train-acc"], err)
	}
	waitFor(t, ctx, fmt.Sprintf("the train accuracy to rise above %g", acc),
		numberJS("train-acc")+` > `+strconv.FormatFloat(acc, 'g', -1, 64), time.Minute)
	after := canvasPixels(t, ctx, "#decision-map")
	if before == after {
		t.Error("the decision map did not change while the network trained")
	}
	if csp := evalJS[[]string](t, ctx, `window.__e2e.csp`); len(csp) > 0 {
		t.Errorf("Content-Security-Policy violations: %q", csp)
	}
}

func TestE2EPause(t *testing.T) {
	ctx, _ := openPage(t, "?data=spiral&play=1")
	waitClient(t, ctx)
	waitFor(t, ctx, "a first step", numberJS("step")+` > 0`, 30*time.Second)
	click(t, ctx, "#play")
	waitFor(t, ctx, "the paused state", statusJS+`.dataset.state === "paused"`, 5*time.Second)
	a := statusAttrs(t, ctx)["data-step"]
	time.Sleep(300 * time.Millisecond)
	b := statusAttrs(t, ctx)
	if b["data-step"] != a || b["data-state"] != "paused" {
		t.Errorf("paused at step %s, then step %s, state %s", a, b["data-step"], b["data-state"])
	}
}

func TestE2ESameLinkSameFigures(t *testing.T) {
	const link = "?data=spiral&play=1&epochs=30&seed=7"
	keys := []string{"data-step", "data-epoch", "data-train-loss", "data-test-loss", "data-train-acc", "data-test-acc"}
	var figures [2]map[string]string
	for i := range figures {
		ctx, cancel := openPage(t, link) // a fresh browser and profile each time
		waitClient(t, ctx)
		waitFor(t, ctx, "the run to stop by itself after 30 epochs",
			numberJS("step")+` > 0 && `+statusJS+`.dataset.state === "paused"`, 3*time.Minute)
		figures[i] = statusAttrs(t, ctx)
		cancel()
	}
	for _, k := range keys {
		a, b := figures[0][k], figures[1][k]
		if a != b || a == "" && k != "data-epoch" {
			t.Errorf("%s: %q and %q; want the same figures from the same link", k, a, b)
		}
	}
	t.Logf("%s: %v", link, figures[0])
}

func TestE2EBadLink(t *testing.T) {
	ctx, _ := openPage(t, "?lr=banana&data=nosuch")
	waitClient(t, ctx)
	waitFor(t, ctx, "the ready state", statusJS+`.dataset.state === "ready"`, 10*time.Second)
	notice := text(t, ctx, "#notice")
	for _, key := range []string{"lr", "data"} {
		if !strings.Contains(notice, key) {
			t.Errorf("#notice %q does not name the bad key %s", notice, key)
		}
	}
}

func TestE2EDiverge(t *testing.T) {
	ctx, _ := openPage(t, "?lr=90&opt=sgd&act=relu&play=1")
	waitClient(t, ctx)
	waitFor(t, ctx, "the diverged state", statusJS+`.dataset.state === "diverged"`, time.Minute)
	if notice := text(t, ctx, "#notice"); !strings.Contains(strings.ToLower(notice), "learning rate") {
		t.Errorf("#notice %q does not mention the learning rate", notice)
	}
}

// TestBrowserBench measures, in headless chromium, the time from navigation
// to the client's first render, training steps per second and frames per
// second while training. Run it with BENCH_BROWSER=1 (make bench).
func TestBrowserBench(t *testing.T) {
	if os.Getenv("BENCH_BROWSER") != "1" {
		t.Skip("browser benchmark: set BENCH_BROWSER=1")
	}
	const link = "?data=spiral&hidden=16,16&act=tanh&play=1"
	ctx, _ := openPage(t, link)
	waitClient(t, ctx)
	clientAt := evalJS[float64](t, ctx, `window.__e2e.clientAt`)
	waitFor(t, ctx, "a first step", numberJS("step")+` > 0`, 30*time.Second)

	evalJS[chromedp.Void](t, ctx, `(() => {
  const b = window.__bench = {frames: 0, t0: performance.now(), step0: `+numberJS("step")+`};
  const tick = () => { b.frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`)
	time.Sleep(5 * time.Second)
	m := evalJS[map[string]float64](t, ctx, `(() => {
  const b = window.__bench, dt = (performance.now() - b.t0) / 1000;
  return {seconds: dt, fps: b.frames / dt, steps: (`+numberJS("step")+` - b.step0) / dt};
})()`)
	t.Logf("%s in headless chromium:", link)
	t.Logf("  navigation to first client render: %.0f ms", clientAt)
	t.Logf("  training: %.1f steps/s, %.1f frames/s (over %.1f s)", m["steps"], m["fps"], m["seconds"])
	if m["steps"] <= 0 {
		t.Error("no training step during the measurement")
	}
}

// runStatusJS evaluates to the figures of every run of the comparison
// (the .run-status elements of the runs bar), in order.
const runStatusJS = `[...document.querySelectorAll(".run-status")].map((e) => ({
  run: e.dataset.run, rule: e.dataset.rule, state: e.dataset.state, step: e.dataset.step, epoch: e.dataset.epoch,
  trainLoss: e.dataset.trainLoss, testLoss: e.dataset.testLoss, trainAcc: e.dataset.trainAcc, testAcc: e.dataset.testAcc,
}))`

// curvesJS evaluates to the path data of the loss chart's lines.
const curvesJS = `[...document.querySelectorAll("#chart-loss path.line")].map((p) => p.getAttribute("d"))`

// TestE2ECompareLink builds a comparison of three rules in the page (the
// + button twice), trains it to the link's end, then opens its link in a
// fresh browser and trains again: the same runs, the same figures, the
// same curves.
func TestE2ECompareLink(t *testing.T) {
	const start = "?data=spiral&epochs=4&seed=7"
	type figures struct {
		Status map[string]string
		Runs   []map[string]string
		Curves []string
	}
	run := func(ctx context.Context) figures {
		click(t, ctx, "#play")
		waitFor(t, ctx, "every run to stop by itself after 4 epochs",
			statusJS+`.dataset.state === "paused" && `+runStatusJS+`.every((r) => r.state === "paused" && r.epoch === "4")`, 3*time.Minute)
		// The charts follow the figures within a publish.
		waitFor(t, ctx, "the loss curves", curvesJS+`.length === 6 && `+curvesJS+`.every((d) => d.length > 10)`, 10*time.Second)
		return figures{
			Status: statusAttrs(t, ctx),
			Runs:   evalJS[[]map[string]string](t, ctx, runStatusJS),
			Curves: evalJS[[]string](t, ctx, curvesJS),
		}
	}

	ctx, cancel := openPage(t, start)
	waitClient(t, ctx)
	click(t, ctx, "#add-run")
	waitFor(t, ctx, "a second run", `document.querySelectorAll(".run-status").length === 2`, 10*time.Second)
	click(t, ctx, "#add-run")
	waitFor(t, ctx, "a third run", `document.querySelectorAll(".run-status").length === 3`, 10*time.Second)
	link := evalJS[string](t, ctx, `location.href`)
	if !strings.Contains(link, "cmp=") || !strings.Contains(link, "epochs=4") || !strings.Contains(link, "seed=7") {
		t.Fatalf("the address bar holds %q, want a comparison link", link)
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll("canvas.decision-map").length`); n != 3 {
		t.Errorf("%d decision maps for 3 runs", n)
	}
	first := run(ctx)
	if csp := evalJS[[]string](t, ctx, `window.__e2e.csp`); len(csp) > 0 {
		t.Errorf("Content-Security-Policy violations: %q", csp)
	}
	cancel()

	i := strings.Index(link, "?")
	ctx, cancel = openPage(t, link[i:]) // a fresh browser and profile
	defer cancel()
	waitClient(t, ctx)
	if n := evalJS[int](t, ctx, `document.querySelectorAll(".run-status").length`); n != 3 {
		t.Fatalf("the link opened %d runs, want 3", n)
	}
	second := run(ctx)

	if len(first.Runs) != 3 || len(second.Runs) != 3 {
		t.Fatalf("runs: %v and %v", first.Runs, second.Runs)
	}
	rules := map[string]bool{}
	for i := range first.Runs {
		a, b := first.Runs[i], second.Runs[i]
		rules[a["rule"]] = true
		for _, k := range []string{"rule", "step", "epoch", "trainLoss", "testLoss", "trainAcc", "testAcc"} {
			if a[k] != b[k] || a[k] == "" {
				t.Errorf("run %d %s: %q and %q; want the same figures from the same link", i+1, k, a[k], b[k])
			}
		}
	}
	if len(rules) != 3 {
		t.Errorf("rules %v; want three different ones", rules)
	}
	// #status is run 1's.
	for _, k := range []string{"data-step", "data-train-loss", "data-test-loss", "data-train-acc", "data-test-acc"} {
		if first.Status[k] != second.Status[k] {
			t.Errorf("#status %s: %q and %q", k, first.Status[k], second.Status[k])
		}
	}
	if first.Status["data-train-loss"] != first.Runs[0]["trainLoss"] {
		t.Errorf("#status shows train loss %s, run 1 %s", first.Status["data-train-loss"], first.Runs[0]["trainLoss"])
	}
	if !slices.Equal(first.Curves, second.Curves) {
		t.Errorf("the loss curves differ:\n%q\n%q", first.Curves, second.Curves)
	}
	t.Logf("%s: %v", link, first.Runs)
}

// downloadHookJS records the downloads the page starts (the name and the
// file's Blob) instead of saving them.
// (The page's CSP allows no fetch of blob: URLs, so the hook keeps the
// Blobs the page makes URLs of.)
const downloadHookJS = `(() => {
  window.__downloads = [];
  const blobs = {}, createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (b) => { const u = createObjectURL(b); blobs[u] = b; return u; };
  HTMLAnchorElement.prototype.click = function () {
    if (this.download) window.__downloads.push({name: this.download, body: blobs[this.href]});
  };
  return true;
})()`

// TestE2EShareAndLock opens the share dialog: a QR code of the link, a
// classroom link that locks the rule and hides the network editor, and
// downloads. The classroom link, opened afresh, shows the rule select
// disabled "locked by the link" and no network editor.
func TestE2EShareAndLock(t *testing.T) {
	ctx, cancel := openPage(t, "?data=moons&epochs=2&play=1")
	waitClient(t, ctx)
	waitFor(t, ctx, "the run to stop", statusJS+`.dataset.state === "paused"`, time.Minute)
	click(t, ctx, "#share")
	waitFor(t, ctx, "the QR code", `(document.querySelector("#share-qr path")?.getAttribute("d") ?? "").length > 200`, 10*time.Second)
	if box := evalJS[float64](t, ctx, `document.getElementById("share-qr").getBoundingClientRect().width`); box < 400 {
		t.Errorf("the QR code is %.0f px wide; want it large enough for a lecture hall", box)
	}
	click(t, ctx, "#lock-rule")
	click(t, ctx, "#hide-net")
	waitFor(t, ctx, "the classroom link", `(() => { const v = document.getElementById("share-link").value; return v.includes("lock=rule") && v.includes("hide=net"); })()`, 10*time.Second)
	link := evalJS[string](t, ctx, `document.getElementById("share-link").value`)
	if evalJS[bool](t, ctx, `document.getElementById("rule").disabled`) {
		t.Error("the teacher's own rule select is locked")
	}

	// Downloads: files through blob: URLs, no CSP violation.
	evalJS[bool](t, ctx, downloadHookJS)
	for _, id := range []string{"#download-metrics-csv", "#download-weights-npz", "#download-map-png", "#download-charts-png"} {
		click(t, ctx, id)
	}
	waitFor(t, ctx, "four downloads", `window.__downloads.length === 4`, 20*time.Second)
	files := evalJS[[]map[string]any](t, ctx, `Promise.all(window.__downloads.map(async (d) => {
  const b = await d.body;
  return {name: d.name, type: b.type, size: b.size, head: (await b.slice(0, 40).text())};
}))`)
	for _, f := range files {
		name, _ := f["name"].(string)
		size, _ := f["size"].(float64)
		head, _ := f["head"].(string)
		switch {
		case strings.HasSuffix(name, ".csv"):
			if !strings.HasPrefix(head, "run,rule,epoch,step,passes") {
				t.Errorf("%s starts %q", name, head)
			}
		case strings.HasSuffix(name, ".png"):
			if f["type"] != "image/png" || size < 2000 {
				t.Errorf("%s: %v, %v bytes", name, f["type"], size)
			}
		case strings.HasSuffix(name, ".npz"):
			if !strings.HasPrefix(head, "PK") {
				t.Errorf("%s is no zip: %q", name, head)
			}
		default:
			t.Errorf("unexpected download %q", name)
		}
	}
	if csp := evalJS[[]string](t, ctx, `window.__e2e.csp`); len(csp) > 0 {
		t.Errorf("Content-Security-Policy violations: %q", csp)
	}
	cancel()

	i := strings.Index(link, "?")
	ctx, cancel = openPage(t, link[i:])
	defer cancel()
	waitClient(t, ctx)
	locked := evalJS[map[string]any](t, ctx, `(() => { const r = document.getElementById("rule"); return {disabled: r.disabled, title: r.title}; })()`)
	if locked["disabled"] != true || !strings.EqualFold(fmt.Sprint(locked["title"]), "locked by the link") {
		t.Errorf("#rule in a link with lock=rule: %v", locked)
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#add-layer, #act, #remove-unit-0").length`); n != 0 {
		t.Errorf("%d network controls in a link with hide=net", n)
	}
	if evalJS[bool](t, ctx, `document.getElementById("lr").disabled`) {
		t.Error("the learning rate is locked, and the link locks only the rule")
	}
}

// TestE2EDiagnosticsPick moves the pointer over the decision map of a
// forward-forward run: the goodness bars follow the point under it.
func TestE2EDiagnosticsPick(t *testing.T) {
	ctx, _ := openPage(t, "?rule=ff&act=relu&data=moons&epochs=1&play=1")
	waitClient(t, ctx)
	waitFor(t, ctx, "the goodness bars", `!!document.querySelector(".goodness-bars .bar")`, 30*time.Second)
	before := text(t, ctx, ".goodness-bars .diag-title")
	evalJS[bool](t, ctx, `(() => {
  const box = document.querySelector(".map-box.pickable"), r = box.getBoundingClientRect();
  box.dispatchEvent(new PointerEvent("pointermove", {clientX: r.left + 0.75 * r.width, clientY: r.top + 0.25 * r.height, bubbles: true}));
  return true;
})()`)
	waitFor(t, ctx, "the bars at the point (0.5, 0.5)",
		`document.querySelector(".goodness-bars .diag-title").textContent.includes("(0.5, 0.5)")`, 10*time.Second)
	if before == text(t, ctx, ".goodness-bars .diag-title") {
		t.Error("the bars did not move with the pointer")
	}
	if evalJS[int](t, ctx, `document.querySelectorAll(".pick-mark").length`) != 1 {
		t.Error("no mark at the picked point")
	}
}
