//go:build !wasm

package main

// Browser tests of MNIST in the page (issue 7): the asset loading with its
// progress bar, cached for the next visit; the receptive fields, the
// confusion matrix and the gallery; a failed load that says why and
// retries. They reuse the harness of e2e_test.go.

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	playground "plasticity/app"
	"plasticity/core/data"
)

// mnistWatch records, from the first byte of a page on, what #data-load and
// #status went through: the states, the largest data-received and
// data-total, whether the progress bar showed, and whether #status said
// "fetching".
const mnistWatch = `
window.__mnist = {states: [], received: 0, total: 0, bar: false, fetching: false};
new MutationObserver(() => {
  const o = window.__mnist, d = document.getElementById("data-load");
  if (d) {
    if (!o.states.includes(d.dataset.state)) o.states.push(d.dataset.state);
    o.received = Math.max(o.received, +d.dataset.received || 0);
    o.total = Math.max(o.total, +d.dataset.total || 0);
    if (document.getElementById("data-load-bar")) o.bar = true;
  }
  const s = document.getElementById("status");
  if (s && s.dataset.state === "fetching") o.fetching = true;
}).observe(document, {subtree: true, childList: true, attributes: true});
`

type mnistWatched struct {
	States   []string `json:"states"`
	Received int64    `json:"received"`
	Total    int64    `json:"total"`
	Bar      bool     `json:"bar"`
	Fetching bool     `json:"fetching"`
}

// openWatched opens query on the server at base with mnistWatch installed
// before the page's scripts: the page at "" first, so that the browser runs,
// then the link.
func openWatched(t *testing.T, base, query string) context.Context {
	t.Helper()
	ctx, _ := openPageAt(t, base, "?data=xor")
	waitFor(t, ctx, "the WASM to start", wasmStarted, time.Minute)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: mnistWatch}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"+query)); err != nil {
		t.Fatalf("opening %s: %v", query, err)
	}
	return ctx
}

// assetSize is the size of both files of the MNIST asset.
func assetSize(t *testing.T) int64 {
	t.Helper()
	var n int64
	for _, f := range []string{data.MNISTTrainFile, data.MNISTTestFile} {
		st, err := os.Stat(filepath.Join("web", "mnist", f))
		if err != nil {
			t.Fatal(err)
		}
		n += st.Size()
	}
	return n
}

// TestMNISTInBrowser opens an MNIST link: the page shows the asset
// arriving (#data-load, its progress bar, #status "fetching"), then builds
// the run; a few steps by hand change the receptive fields; the confusion
// matrix counts the test set at the current step; the gallery shows test
// images, and clicking one shows the activity it causes layer by layer.
// The asset is then in the cache for the next visit.
func TestMNISTInBrowser(t *testing.T) {
	const link = "?data=mnist14&train=300&test=100&hidden=32,16&seed=3"
	ctx := openWatched(t, testServer.url(t), link)
	start := time.Now()
	waitFor(t, ctx, "the run to start once MNIST is in", statusJS+`?.dataset.state === "ready"`, time.Minute)
	loaded := time.Since(start)

	w := evalJS[mnistWatched](t, ctx, `window.__mnist`)
	want := assetSize(t)
	// How many progress reports the page sees depends on the machine's
	// speed; at least one with bytes received must come, with the total.
	if !w.Fetching || !w.Bar || w.Total != want || w.Received <= 0 || w.Received > want || !slices.Contains(w.States, "loading") {
		t.Errorf("while loading the page showed %+v; want #status fetching, the bar, and bytes received of %d", w, want)
	}
	if evalJS[bool](t, ctx, `!!document.getElementById("data-load")`) {
		t.Error("#data-load is still there once the run started")
	}

	// The receptive fields: a mosaic per hidden layer (32 and 16 units).
	if got := evalJS[int](t, ctx, `document.querySelectorAll("#fields canvas.fields-map").length`); got != 2 {
		t.Fatalf("%d mosaics of receptive fields, want 2", got)
	}
	fields := canvasPixels(t, ctx, "#fields-1")

	// The confusion matrix at step 0 counts the 100 test images.
	cells := `[...document.querySelectorAll("#confusion td.cm-cell")]`
	if n := evalJS[int](t, ctx, cells+`.length`); n != 100 {
		t.Errorf("%d cells in the confusion matrix, want 10×10", n)
	}
	if sum := evalJS[int](t, ctx, cells+`.reduce((s, c) => s + +c.textContent, 0)`); sum != 100 {
		t.Errorf("the confusion matrix counts %d examples, want the 100 test images", sum)
	}

	for i := 0; i < 5; i++ {
		click(t, ctx, "#step")
	}
	waitFor(t, ctx, "5 steps", numberJS("step")+` === 5`, 10*time.Second)
	waitFor(t, ctx, "the confusion matrix of step 5", `document.getElementById("confusion")?.dataset.step === "5"`, 10*time.Second)
	acc, _ := strconv.ParseFloat(evalJS[string](t, ctx, `document.getElementById("confusion").dataset.accuracy`), 64)
	if testAcc := evalJS[float64](t, ctx, numberJS("test-acc")); acc != testAcc {
		t.Errorf("the confusion matrix says %v right, #status %v", acc, testAcc)
	}
	waitFor(t, ctx, "the receptive fields to change", `document.getElementById("fields-1").toDataURL() !== `+strconv.Quote(fields), 10*time.Second)

	// The gallery: 24 test images, mistakes first; a click shows the
	// activity in each layer.
	items := `[...document.querySelectorAll("#gallery .gallery-item")]`
	if n := evalJS[int](t, ctx, items+`.length`); n != 24 {
		t.Fatalf("%d images in the gallery, want 24", n)
	}
	wrong := evalJS[int](t, ctx, `+document.getElementById("gallery").dataset.wrong`)
	if first := evalJS[string](t, ctx, items+`.map((e) => e.dataset.label === e.dataset.pred ? "r" : "w").join("")`); first != strings.Repeat("w", min(wrong, 24))+strings.Repeat("r", 24-min(wrong, 24)) {
		t.Errorf("the gallery's order (w wrong, r right) is %s; want the mistakes first", first)
	}
	pick := evalJS[string](t, ctx, items+`[0].dataset.index`)
	click(t, ctx, "#gallery .gallery-item")
	waitFor(t, ctx, "the activity of the picked image", `document.getElementById("activations")?.dataset.index === `+strconv.Quote(pick), 10*time.Second)
	if n := evalJS[[]int](t, ctx, `[...document.querySelectorAll("#activations .act-cells")].map((e) => e.children.length)`); len(n) != 2 || n[0] != 32 || n[1] != 16 {
		t.Errorf("the activity shows layers of %v units, want [32 16]", n)
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#activations .act-bar-row").length`); n != 10 {
		t.Errorf("%d output bars, want 10", n)
	}
	if blank := evalJS[bool](t, ctx, `(() => {
  const c = document.getElementById("`+"gallery-detail-image"+`"), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  for (let i = 4; i < d.length; i += 4) if (d[i] !== d[0] || d[i+1] !== d[1]) return false;
  return true;
})()`); blank {
		t.Error("the picked image is blank")
	}

	// Training speed on this link, for the report.
	s0 := evalJS[float64](t, ctx, numberJS("step"))
	click(t, ctx, "#play")
	time.Sleep(2 * time.Second)
	click(t, ctx, "#play")
	s1 := evalJS[float64](t, ctx, numberJS("step"))
	t.Logf("MNIST 14×14 (%d bytes) loaded and the run built in %v (#data-load went through %v); training 196-32-16-10, batch 16: %.0f steps/s",
		want, loaded.Round(time.Millisecond), w.States, (s1-s0)/2)

	// Cached on first use: the next visit reads the files from the cache.
	cached := mnistCached(t, ctx)
	if cached != 2 {
		t.Errorf("%d files of the asset in the cache, want 2", cached)
	}
}

// TestMNISTPickerAndFailure serves a copy of web/ without the training file
// (development mode: files read at each request): picking MNIST in the
// dataset picker shows the server's 404; with a truncated file, "Try
// again" says why it cannot be read; once the file is right, "Try again"
// loads it and builds the run.
func TestMNISTPickerAndFailure(t *testing.T) {
	needBrowser(t)
	testServer.url(t)
	web := filepath.Join(t.TempDir(), "web")
	if err := copyWeb(web, filepath.Join(testServer.dir, "web")); err != nil {
		t.Fatal(err)
	}
	wasm, err := os.ReadFile(filepath.Join(testServer.dir, "web", "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(web, "app.wasm"), wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	train := filepath.Join(web, "mnist", data.MNISTTrainFile)
	good, err := os.ReadFile(train)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(train); err != nil { // a host without the asset
		t.Fatal(err)
	}
	site, err := playground.NewSite(web, true)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)

	ctx, _ := openPageAt(t, srv.URL, "?data=xor&train=200&test=100&hidden=16")
	waitClient(t, ctx)
	click(t, ctx, "#data-mnist")
	failed := `document.getElementById("data-load")?.dataset.state === "error"`
	waitFor(t, ctx, "the load to fail", failed, time.Minute)
	if msg := text(t, ctx, "#data-load"); !strings.Contains(msg, "404") || !strings.Contains(msg, "/web/mnist/"+data.MNISTTrainFile) {
		t.Errorf("#data-load says %q; want the server's 404 for the training file", msg)
	}

	bad := append([]byte(nil), good[:len(good)/2]...) // a truncated download
	if err := os.WriteFile(train, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, "#data-load-retry")
	waitFor(t, ctx, "the retry to fail on the truncated file",
		failed+` && document.getElementById("data-load").textContent.includes("could not be read")`, time.Minute)
	msg := text(t, ctx, "#data-load")
	if !strings.Contains(msg, "could not be read") || !strings.Contains(msg, "gzip") {
		t.Errorf("#data-load says %q; want why the file could not be read", msg)
	}
	if state := statusAttrs(t, ctx)["data-state"]; state != "fetching" {
		t.Errorf("#status data-state %q while the data are missing, want fetching", state)
	}
	if href := evalJS[string](t, ctx, `location.href`); !strings.Contains(href, "data=mnist") {
		t.Errorf("the address bar holds %q; want the picked dataset", href)
	}

	if err := os.WriteFile(train, good, 0o644); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, "#data-load-retry")
	waitFor(t, ctx, "the run to start after the retry", statusJS+`?.dataset.state === "ready"`, time.Minute)
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#gallery .gallery-item").length`); n != 24 {
		t.Errorf("%d images in the gallery after the retry, want 24", n)
	}
	if th := evalJS[bool](t, ctx, `(() => {
  const c = document.getElementById("thumb-mnist"), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  for (let i = 4; i < d.length; i += 4) if (d[i] !== d[0]) return true;
  return false;
})()`); !th {
		t.Error("the MNIST thumbnail is still blank once the digits are in")
	}
}

// TestMNISTOffline opens an MNIST link once, waits for the asset to be in
// the cache, stops the server, and opens another MNIST link: the page and
// the digits come from the cache.
func TestMNISTOffline(t *testing.T) {
	srv, _ := serveCopy(t, false)
	ctx, _ := openPageAt(t, srv.URL, "?data=mnist14&train=200&test=100&hidden=16")
	waitFor(t, ctx, "the run to start once MNIST is in", statusJS+`?.dataset.state === "ready"`, time.Minute)
	if n := cachedFiles(t, ctx); n < 8 {
		t.Fatalf("the service worker cached %d files; want all of them", n)
	}
	// The page stores the files once they have parsed, without waiting.
	if n := mnistCached(t, ctx); n != 2 {
		t.Fatalf("%d files of the asset in the cache, want 2", n)
	}
	srv.CloseClientConnections()
	srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?data=mnist&train=100&test=50&hidden=8&seed=4")); err != nil {
		t.Fatalf("opening an MNIST link offline: %v", err)
	}
	waitFor(t, ctx, "the run to start offline", statusJS+`?.dataset.state === "ready"`, time.Minute)
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#gallery .gallery-item").length`); n != 24 {
		t.Errorf("%d images in the gallery offline, want 24", n)
	}
}

// mnistCached returns how many files of the MNIST asset the browser's
// caches hold, once they hold both or after 10 s.
func mnistCached(t *testing.T, ctx context.Context) int {
	t.Helper()
	return evalJS[int](t, ctx, `(async () => {
  let n = 0;
  for (let i = 0; i < 100; i++) {
    n = 0;
    for (const key of await caches.keys())
      for (const r of await (await caches.open(key)).keys()) if (r.url.includes("/web/mnist/")) n++;
    if (n >= 2) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return n;
})()`)
}
