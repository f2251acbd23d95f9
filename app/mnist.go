package app

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/data"
)

// Loading the MNIST asset in the page.
//
// The image sets mnist and mnist14 (core/data/mnist.go) are not part of the
// WebAssembly: when a link or the dataset picker asks for one and its
// images are not loaded, run.New fails with data.ErrMNISTNotLoaded, the
// model waits (model.awaitingData, #status data-state "fetching"), and the
// page fetches the asset's two files from web/mnist, showing the bytes
// received in #data-load (components.DataLoad). It hands them to
// data.SetMNIST and then builds the runs from the link exactly as for any
// dataset, so that a link gives the same numbers here as in `plasticity
// run`. A failed fetch or a corrupt file says why, with a button to try
// again; nothing panics.
//
// Offline: the files are cached on first use with the Cache API, not
// precached by the service worker. Precaching (Handler.CacheableResources)
// would make every visitor download 1.9 MB of digits on the first visit,
// more than the whole app.wasm (about 1.5 MB compressed), whether or not
// they ever pick MNIST, and go-app's precache is all-or-nothing: one file
// that fails (a slow phone, a host without web/mnist) and nothing is cached
// at all. So the page stores the files itself once they have arrived and
// parsed, in go-app's own cache ("app-" + version, the name its worker
// uses), under the versioned URL it fetched them from:
//
//   - offline, both the page (which looks in the cache first) and go-app's
//     worker (whose fetch handler answers from any cache) find them;
//   - a new version of the site has new URLs, and go-app's worker deletes
//     the old version's cache, MNIST included, on activation, so a cached
//     copy never outlives its version;
//   - a development server (version "dev-…") caches nothing, as its worker
//     does not either.

// mnistDataTitle names the asset in the loading view.
const mnistDataTitle = "MNIST digits"

// mnistFiles are the asset's files, training images first.
var mnistFiles = [2]string{data.MNISTTrainFile, data.MNISTTestFile}

// maxAssetBytes bounds a downloaded file, so that a misconfigured host
// cannot make the page hold gigabytes; the real files are under 2 MB.
const maxAssetBytes = 64 << 20

// dataLoad is the state of the asset's loading, shown by #data-load.
type dataLoad struct {
	active    bool // a load is in flight
	gen       int  // counts the loads; a stale load's reports are ignored
	received  [2]int64
	total     [2]int64
	unpacking bool
	err       string // why the last load failed; empty otherwise
	started   time.Time
	took      time.Duration // of the last load that succeeded
	cached    bool          // the last load came from the cache
	playAfter bool          // start training once the data are in (play=1)
	reported  time.Time     // the last progress published
}

// view returns the loading view's input.
func (l *dataLoad) view() *components.DataLoad {
	return &components.DataLoad{
		Title:    mnistDataTitle,
		Received: l.received[0] + l.received[1],
		Total:    l.totalBytes(),
		// Unpacking also covers the moment between the start and the first
		// report, when nothing is known.
		Unpacking: l.unpacking,
		Err:       l.err,
	}
}

// totalBytes is the size of both files once both are known, else 0.
func (l *dataLoad) totalBytes() int64 {
	if l.total[0] <= 0 || l.total[1] <= 0 {
		return 0
	}
	return l.total[0] + l.total[1]
}

// assetURL returns the address of a file of web/mnist: with the server's
// version as ?v=, as the resolver (handler.go) writes every /web/ URL, so
// that the server lets browsers keep it for long and a cached copy belongs
// to one version.
func assetURL(file, version string) string {
	u := "/web/mnist/" + file
	if version != "" {
		u += "?v=" + url.QueryEscape(version)
	}
	return u
}

// assetCache returns the name of the cache the files go into, or "" for
// none: go-app's worker's own cache (its name is "app-" + version in
// go-app's app-worker.js), not in development.
func assetCache(version string) string {
	if version == "" || strings.HasPrefix(version, "dev-") {
		return ""
	}
	return "app-" + version
}

// fetchData starts loading the MNIST asset if the model waits for it and
// no load is in flight or has failed (the user retries a failed one with
// #data-load-retry). It does nothing on the server.
func (p *Playground) fetchData() {
	l := &p.load
	if !goapp.IsClient || !p.client || !p.m.awaitingData || l.active || l.err != "" {
		return
	}
	gen := l.gen + 1
	*l = dataLoad{active: true, gen: gen, started: time.Now(), playAfter: l.playAfter || p.m.exp.Play}
	version := goapp.Getenv("GOAPP_VERSION")
	cache := assetCache(version)
	ctx := p.ctx
	go func() {
		type result struct {
			b      []byte
			cached bool
			err    error
		}
		var res [2]result
		done := make(chan int, 2)
		for i, f := range mnistFiles {
			go func() {
				var last time.Time
				res[i].b, res[i].cached, res[i].err = loadAsset(assetURL(f, version), cache, func(got, total int64) {
					if time.Since(last) < 60*time.Millisecond && got != total {
						return // at most about 16 reports a second
					}
					last = time.Now()
					ctx.Dispatch(func(goapp.Context) {
						if l.gen == gen {
							l.received[i], l.total[i] = got, total
						}
					})
				})
				done <- i
			}()
		}
		<-done
		<-done
		err := errors.Join(res[0].err, res[1].err)
		if err != nil {
			ctx.Dispatch(func(goapp.Context) { p.dataFailed(gen, err) })
			return
		}
		shown := make(chan struct{})
		ctx.Dispatch(func(ctx goapp.Context) {
			if l.gen == gen {
				l.unpacking = true
				for i := range res {
					l.received[i] = int64(len(res[i].b))
					l.total[i] = l.received[i]
				}
			}
			ctx.Defer(func(goapp.Context) { close(shown) }) // once rendered
		})
		// Let the browser show "Unpacking" before the thread is busy
		// parsing (a few hundred milliseconds in WebAssembly): wait for
		// the render, then give the browser a moment to paint it.
		<-shown
		time.Sleep(20 * time.Millisecond)
		ctx.Dispatch(func(ctx goapp.Context) {
			if l.gen != gen {
				return
			}
			if err := data.SetMNIST(res[0].b, res[1].b); err != nil {
				// Never keep a file that did not parse.
				for i, f := range mnistFiles {
					if res[i].cached {
						go dropCached(cache, assetURL(f, version))
					}
				}
				p.dataFailed(gen, fmt.Errorf("the files arrived but could not be read: %w", err))
				return
			}
			for i, f := range mnistFiles {
				if !res[i].cached {
					go storeCached(cache, assetURL(f, version), res[i].b)
				}
			}
			l.cached = res[0].cached && res[1].cached
			p.dataArrived(ctx)
		})
	}()
}

// dataFailed shows why load gen failed.
func (p *Playground) dataFailed(gen int, err error) {
	l := &p.load
	if l.gen != gen {
		return
	}
	l.active, l.unpacking = false, false
	l.err = sentences(err.Error())
	println("plasticity: loading MNIST:", l.err)
}

// sentences writes an error's lines (errors.Join puts one per file) as
// sentences: capitalised, each ending with a full stop.
func sentences(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, s := range lines {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		s = strings.ToUpper(s[:1]) + s[1:]
		if !strings.HasSuffix(s, ".") {
			s += "."
		}
		lines[i] = s
	}
	return strings.Join(lines, " ")
}

// dataArrived builds the runs the link describes now that their data are
// in, and starts training if the link said play=1.
func (p *Playground) dataArrived(ctx goapp.Context) {
	l := &p.load
	l.active, l.unpacking = false, false
	l.took = time.Since(l.started)
	println("plasticity: MNIST loaded in", l.took.Round(time.Millisecond).String(), "cached:", l.cached)
	for _, k := range []string{"mnist", "mnist14"} { // their thumbnails were blank
		delete(thumbs, k)
		p.paint.put(components.ThumbID(k), thumbGrid, thumbnailOf(k))
	}
	if !p.m.awaitingData {
		return // the user picked another dataset meanwhile
	}
	p.m.rebuild()
	p.changed(ctx)
	if l.playAfter {
		l.playAfter = false
		p.startLoop()
		p.publish()
	}
}

// onRetryLoad fetches the asset again after a failure.
func (p *Playground) onRetryLoad(ctx goapp.Context, a goapp.Action) {
	p.load.err = ""
	p.fetchData()
}

// loadAsset returns the bytes of the file at url: from the cache named
// cache if it holds them (cached true), else from the network, streamed,
// calling progress with the bytes received and the total (0 while
// unknown). It must run on a goroutine of its own: it waits for the
// browser's promises.
func loadAsset(url, cache string, progress func(got, total int64)) (b []byte, cached bool, err error) {
	defer func() {
		if r := recover(); r != nil { // a JavaScript exception in a call
			b, cached, err = nil, false, fmt.Errorf("the browser stopped the download: %v", r)
		}
	}()
	win := goapp.Window()
	if cache != "" && win.Get("caches").Truthy() {
		if resp, err := await(win.Get("caches").Call("match", url, map[string]any{"cacheName": cache})); err == nil && resp.Truthy() {
			if b, err := readBody(resp, url, progress); err == nil {
				return b, true, nil
			}
			// A broken entry: fetch the file afresh.
		}
	}
	resp, err := await(win.Call("fetch", url))
	if err != nil {
		return nil, false, fmt.Errorf("%s could not be fetched (%v); check the connection and try again", shortURL(url), err)
	}
	if !resp.Get("ok").Bool() {
		return nil, false, fmt.Errorf("the server answered %d %s for %s", resp.Get("status").Int(), resp.Get("statusText").String(), shortURL(url))
	}
	b, err = readBody(resp, url, progress)
	return b, false, err
}

// readBody reads a fetch Response's body chunk by chunk as it arrives,
// reporting progress. The total is the Content-Length when the response
// has one (our server and static hosts send the .gz files as they are, so
// it is the size on the wire), else 0.
func readBody(resp goapp.Value, url string, progress func(got, total int64)) ([]byte, error) {
	var total int64
	if cl := resp.Get("headers").Call("get", "Content-Length"); cl.Truthy() {
		if n, err := strconv.ParseInt(cl.String(), 10, 64); err == nil && n > 0 {
			total = n
		}
	}
	if total > maxAssetBytes {
		return nil, fmt.Errorf("%s is %d bytes, more than the %d a file of the asset may have", shortURL(url), total, maxAssetBytes)
	}
	body := resp.Get("body")
	if !body.Truthy() { // no streams in this browser: the whole body at once
		ab, err := await(resp.Call("arrayBuffer"))
		if err != nil {
			return nil, fmt.Errorf("the download of %s broke off (%v)", shortURL(url), err)
		}
		arr := goapp.Window().Get("Uint8Array").New(ab)
		b := make([]byte, arr.Length())
		goapp.CopyBytesToGo(b, arr)
		progress(int64(len(b)), int64(len(b)))
		return b, nil
	}
	reader := body.Call("getReader")
	b := make([]byte, 0, total)
	progress(0, total)
	for {
		chunk, err := await(reader.Call("read"))
		if err != nil {
			return nil, fmt.Errorf("the download of %s broke off after %d bytes (%v); try again", shortURL(url), len(b), err)
		}
		if chunk.Get("done").Bool() {
			break
		}
		v := chunk.Get("value")
		n := v.Length()
		if len(b)+n > maxAssetBytes {
			reader.Call("cancel")
			return nil, fmt.Errorf("%s is larger than the %d bytes a file of the asset may have", shortURL(url), maxAssetBytes)
		}
		b = slices.Grow(b, n)[:len(b)+n]
		goapp.CopyBytesToGo(b[len(b)-n:], v)
		progress(int64(len(b)), total)
	}
	if total > 0 && int64(len(b)) != total {
		return nil, fmt.Errorf("%s arrived with %d of its %d bytes; try again", shortURL(url), len(b), total)
	}
	progress(int64(len(b)), int64(len(b)))
	return b, nil
}

// storeCached puts b into the cache named cache under url, with the
// headers readBody reads. Failures (no Cache API, storage full) only mean
// the next visit downloads the file again.
func storeCached(cache, url string, b []byte) {
	if cache == "" {
		return
	}
	defer func() { recover() }()
	win := goapp.Window()
	if !win.Get("caches").Truthy() {
		return
	}
	c, err := await(win.Get("caches").Call("open", cache))
	if err != nil {
		return
	}
	arr := win.Get("Uint8Array").New(len(b))
	goapp.CopyBytesToJS(arr, b)
	resp := win.Get("Response").New(arr, map[string]any{
		"headers": map[string]any{"Content-Type": "application/gzip", "Content-Length": strconv.Itoa(len(b))},
	})
	if _, err := await(c.Call("put", url, resp)); err != nil {
		println("plasticity: caching", url, "failed:", err.Error())
	}
}

// dropCached deletes url from the cache named cache.
func dropCached(cache, url string) {
	if cache == "" {
		return
	}
	defer func() { recover() }()
	win := goapp.Window()
	if !win.Get("caches").Truthy() {
		return
	}
	if c, err := await(win.Get("caches").Call("open", cache)); err == nil {
		await(c.Call("delete", url))
	}
}

// shortURL is url without its ?v= version, for messages.
func shortURL(u string) string {
	s, _, _ := strings.Cut(u, "?")
	return s
}

// await waits for the JavaScript promise v and returns its value, or an
// error with the rejection's message. It blocks its goroutine (never call
// it on go-app's UI goroutine): WebAssembly then returns to the browser's
// event loop, which settles the promise.
func await(v goapp.Value) (goapp.Value, error) {
	type settled struct {
		v   goapp.Value
		err error
	}
	ch := make(chan settled, 1)
	arg := func(args []goapp.Value) goapp.Value {
		if len(args) == 0 {
			return goapp.Undefined()
		}
		return args[0]
	}
	ok := goapp.FuncOf(func(_ goapp.Value, args []goapp.Value) any {
		ch <- settled{v: arg(args)}
		return nil
	})
	fail := goapp.FuncOf(func(_ goapp.Value, args []goapp.Value) any {
		ch <- settled{err: jsError(arg(args))}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	v.Call("then", ok, fail)
	s := <-ch
	return s.v, s.err
}

// jsError turns a JavaScript rejection reason into an error.
func jsError(v goapp.Value) error {
	if v.Truthy() && v.Get("message").Truthy() {
		return errors.New(v.Get("message").String())
	}
	return errors.New(v.String())
}

// setSizes returns the choices of a set's size for a dataset that holds at
// most limit examples (0: no limit): the usual choices, and for a large
// real dataset (MNIST: 10,000 training and 2,000 test images) the whole of
// it and half of it, so that the picker reaches the asset's full size.
func setSizes(choices []int, limit int) []int {
	if limit <= choices[len(choices)-1] {
		return choices
	}
	out := slices.Clone(choices)
	for _, n := range []int{limit / 2, limit} {
		if n > out[len(out)-1] {
			out = append(out, n)
		}
	}
	return out
}
