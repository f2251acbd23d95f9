//go:build !wasm

package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	playground "plasticity/app"
)

// register registers the playground's routes once per test process: go-app
// keeps them in a global.
var register = sync.OnceFunc(playground.Register)

// Contents of the fake web directory. The secrets lie next to it, where a
// path that escapes web/ would find them.
const (
	rawWasm    = "\x00asm raw wasm bytes, longer than the compressed ones ..................."
	brWasm     = "brotli bytes"
	gzWasm     = "gzip bytes"
	secret     = "TOP SECRET: outside web/"
	staleRaw   = "console.log('new');"
	staleBrotl = "old brotli"
)

// fakeWeb makes a web directory with a fake app.wasm, its .br and .gz, the
// files the page links, a subdirectory, a hidden file and a stale .br; and
// go.mod and server.go holding a secret beside it. It returns the web
// directory.
func fakeWeb(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	web := filepath.Join(root, "web")
	old := time.Now().Add(-time.Hour)
	older := old.Add(-time.Hour)
	files := []struct {
		name, content string
		mtime         time.Time
	}{
		{"../go.mod", secret, old},
		{"../server.go", secret, old},
		{"app.wasm", rawWasm, old},
		{"app.wasm.br", brWasm, old},
		{"app.wasm.gz", gzWasm, old},
		{"app.css", "body{}", old},
		{"icon-192.png", "png", old},
		{"icon-512.png", "png", old},
		{"icon.svg", "<svg/>", old},
		{"sub/x.txt", "x", old},
		{".hidden", secret, old},
		{"stale.js", staleRaw, old},
		{"stale.js.br", staleBrotl, older}, // older than stale.js: must not be served
	}
	for _, f := range files {
		name := filepath.Join(web, f.name)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(f.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(name, f.mtime, f.mtime); err != nil {
			t.Fatal(err)
		}
	}
	return web
}

func newSite(t testing.TB, web string, dev bool) *playground.Site {
	t.Helper()
	register()
	site, err := playground.NewSite(web, dev)
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// get sends a request straight to the handler. httptest.NewRequest reads
// the target as a server reads a request line, so escapes and dot segments
// reach the handler as they would from a client.
func get(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestServerWasmEncoding(t *testing.T) {
	site := newSite(t, fakeWeb(t), false)
	for _, test := range []struct {
		method, accept string
		wantEncoding   string
		wantBody       string
	}{
		{"GET", "gzip, deflate, br, zstd", "br", brWasm},
		{"GET", "br", "br", brWasm},
		{"GET", "gzip", "gzip", gzWasm},
		{"GET", "br;q=0, gzip", "gzip", gzWasm},
		{"GET", "*", "br", brWasm},
		{"GET", "", "", rawWasm},
		{"GET", "identity", "", rawWasm},
		{"GET", "gzip;q=0, br;q=0", "", rawWasm},
		{"HEAD", "br", "br", ""},
		{"HEAD", "", "", ""},
	} {
		t.Run(test.method+" "+test.accept, func(t *testing.T) {
			w := get(site, test.method, "/web/app.wasm?v="+site.Version, "Accept-Encoding", test.accept)
			res := w.Result()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", res.StatusCode)
			}
			body, _ := io.ReadAll(res.Body)
			if string(body) != test.wantBody {
				t.Errorf("body %q, want %q", body, test.wantBody)
			}
			wantLen := len(test.wantBody)
			if test.method == "HEAD" {
				wantLen = map[string]int{"br": len(brWasm), "gzip": len(gzWasm), "": len(rawWasm)}[test.wantEncoding]
			}
			for _, h := range []struct{ name, want string }{
				{"Content-Encoding", test.wantEncoding},
				{"Content-Type", "application/wasm"},
				{"Vary", "Accept-Encoding"},
				{"Content-Length", strconv.Itoa(wantLen)},
				{playground.WasmContentLengthHeader, strconv.Itoa(len(rawWasm))},
				{"Cache-Control", "public, max-age=31536000, immutable"},
			} {
				if got := res.Header.Get(h.name); got != h.want {
					t.Errorf("%s: %q, want %q", h.name, got, h.want)
				}
			}
		})
	}
}

func TestServerConditional(t *testing.T) {
	site := newSite(t, fakeWeb(t), false)
	first := get(site, "GET", "/web/app.wasm", "Accept-Encoding", "br")
	etag := first.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if again := get(site, "GET", "/web/app.wasm", "Accept-Encoding", "br", "If-None-Match", etag); again.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the brotli ETag: status %d, want 304", again.Code)
	}
	if other := get(site, "GET", "/web/app.wasm", "Accept-Encoding", "gzip", "If-None-Match", etag); other.Code != http.StatusOK || other.Body.String() != gzWasm {
		t.Errorf("the brotli ETag matched the gzip file: status %d", other.Code)
	}
}

func TestServerStaleCompressedFile(t *testing.T) {
	site := newSite(t, fakeWeb(t), false)
	w := get(site, "GET", "/web/stale.js", "Accept-Encoding", "br")
	if w.Body.String() != staleRaw || w.Header().Get("Content-Encoding") != "" {
		t.Errorf("got %q with Content-Encoding %q; want the raw file, since its .br is older",
			w.Body.String(), w.Header().Get("Content-Encoding"))
	}
}

func TestServerCacheControl(t *testing.T) {
	web := fakeWeb(t)
	prod := newSite(t, web, false)
	dev := newSite(t, web, true)
	for _, test := range []struct {
		name   string
		site   *playground.Site
		target string
		want   string
	}{
		{"versioned", prod, "/web/app.css?v=" + prod.Version, "public, max-age=31536000, immutable"},
		{"unversioned", prod, "/web/app.css", "no-cache"},
		{"old version", prod, "/web/app.css?v=0123", "no-cache"},
		{"page", prod, "/", "no-cache"},
		{"page with a link", prod, "/?v=1&data=moons", "no-cache"},
		{"app.js", prod, "/app.js", "no-cache"},
		{"wasm_exec.js", prod, "/wasm_exec.js", "no-cache"},
		{"service worker", prod, "/app-worker.js", "no-cache"},
		{"manifest", prod, "/manifest.webmanifest", "no-cache"},
		{"versioned wasm", prod, "/web/app.wasm?v=" + prod.Version, "public, max-age=31536000, immutable"},
		{"versioned icon", prod, "/web/icon.svg?v=" + prod.Version, "public, max-age=31536000, immutable"},
		{"dev versioned", dev, "/web/app.css?v=" + dev.Version, "no-store"},
		{"dev wasm", dev, "/web/app.wasm", "no-store"},
	} {
		t.Run(test.name, func(t *testing.T) {
			w := get(test.site, "GET", test.target)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			if got := w.Header().Get("Cache-Control"); got != test.want {
				t.Errorf("Cache-Control %q, want %q", got, test.want)
			}
		})
	}
}

func TestServerSecurityHeaders(t *testing.T) {
	site := newSite(t, fakeWeb(t), false)
	for _, test := range []struct{ method, target string }{
		{"GET", "/"},
		{"GET", "/web/app.wasm"},
		{"GET", "/app.js"},
		{"GET", "/nosuch"},
		{"GET", "/web/nosuch"},
		{"POST", "/"},
	} {
		t.Run(test.method+" "+test.target, func(t *testing.T) {
			h := get(site, test.method, test.target).Header()
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "img-src 'self' data: blob:", "frame-ancestors 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "http") || strings.Contains(csp, "*") || strings.Contains(csp, " 'unsafe-eval'") {
				t.Errorf("Content-Security-Policy %q allows a remote origin or eval", csp)
			}
			for name, want := range map[string]string{
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        "no-referrer",
				"Permissions-Policy":     "camera=(), microphone=(), geolocation=()",
				"X-Frame-Options":        "DENY",
			} {
				if got := h.Get(name); got != want {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestServerMethods(t *testing.T) {
	site := newSite(t, fakeWeb(t), false)
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "MKCOL"} {
		for _, target := range []string{"/", "/web/app.wasm"} {
			w := get(site, method, target)
			if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: status %d, Allow %q; want 405, GET, HEAD", method, target, w.Code, w.Header().Get("Allow"))
			}
		}
	}
}

// traversals are paths that try to leave web/ or list it.
var traversals = []string{
	"/web/../server.go",
	"/web/../go.mod",
	"/web/%2e%2e/go.mod",
	"/web/%2E%2E/go.mod",
	"/web/%252e%252e/go.mod",
	"/web/..%2fgo.mod",
	"/web/..%252fgo.mod",
	"/web/sub/../../go.mod",
	"/web/sub/%2e%2e/%2e%2e/go.mod",
	"/web//etc/passwd",
	"/web/..\\go.mod",
	"/web/.hidden",
	"/web/",
	"/web",
	"/web/sub",
	"/web/sub/",
	"/web/.",
	"/web/./app.css",
	"/%77eb/../go.mod",
	// Encoded separators and backslashes, doubled encodings and dots.
	"/web/%2e%2e%2fgo.mod",
	"/web/%2e%2e%5cgo.mod",
	"/web/..%5cgo.mod",
	"/web/%5c..%5cgo.mod",
	"/web/%252e%252e%252fgo.mod",
	"/web/%25252e%25252e/go.mod",
	"/web/....//go.mod",
	"/web/..../go.mod",
	"/web/.../go.mod",
	"/web/sub/..%2f..%2fgo.mod",
	"/web/sub%2f..%2f..%2fgo.mod",
	"/web/%c0%ae%c0%ae/go.mod", // overlong UTF-8 dots
	"/web/..%00/go.mod",
	"/web/app.css%00.png",
	"/web/.hidden%00",
	"/web/%2ehidden",
	"/web/sub/%2e%2e/.hidden",
	"/../go.mod",
	"/%2e%2e/go.mod",
	"/%2e%2e%2fgo.mod",
	"/web/..;/go.mod",
	"/web/%2fetc%2fpasswd",
}

func TestServerTraversal(t *testing.T) {
	site := newSite(t, fakeWeb(t), false)
	dev := newSite(t, fakeWeb(t), true)
	for _, s := range []*playground.Site{site, dev} {
		for _, target := range traversals {
			w := get(s, "GET", target)
			if w.Code != http.StatusNotFound && w.Code != http.StatusBadRequest {
				t.Errorf("GET %s: status %d, want 404 or 400", target, w.Code)
			}
			if strings.Contains(w.Body.String(), "SECRET") || strings.Contains(w.Body.String(), "sub/") {
				t.Errorf("GET %s: body %q shows a file outside web/ or a listing", target, w.Body.String())
			}
		}
	}
	if w := get(site, "GET", "/web/sub/x.txt"); w.Code != http.StatusOK || w.Body.String() != "x" {
		t.Errorf("GET /web/sub/x.txt: status %d, body %q; want 200, x", w.Code, w.Body.String())
	}
}

// TestServerTraversalOverTCP sends the traversal paths byte for byte on a
// connection, so that no client library cleans them first.
func TestServerTraversalOverTCP(t *testing.T) {
	srv := httptest.NewServer(newSite(t, fakeWeb(t), false))
	defer srv.Close()
	for _, target := range traversals {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		body, _ := io.ReadAll(res.Body)
		conn.Close()
		if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 404 or 400", target, res.StatusCode)
		}
		if strings.Contains(string(body), "SECRET") {
			t.Errorf("GET %s: body shows a file outside web/", target)
		}
	}
}

func TestServerPage(t *testing.T) {
	site := newSite(t, fakeWeb(t), false)
	w := get(site, "GET", "/?data=spiral")
	body := w.Body.String()
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, want 200", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q", ct)
	}
	for _, want := range []string{
		`id="status"`,
		`href="/web/app.css?v=` + site.Version + `"`,
		`href="/web/icon.svg?v=` + site.Version + `"`,
		`src="/app.js"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, "githubusercontent") {
		t.Error("page has an inline script or a remote resource, which the CSP blocks")
	}

	js := get(site, "GET", "/app.js").Body.String()
	for _, want := range []string{`"/web/app.wasm?v=` + site.Version + `"`, playground.WasmContentLengthHeader} {
		if !strings.Contains(js, want) {
			t.Errorf("app.js lacks %s", want)
		}
	}
	worker := get(site, "GET", "/app-worker.js").Body.String()
	if !strings.Contains(worker, `"/web/app.wasm?v=`+site.Version+`"`) {
		t.Error("the service worker does not precache the versioned app.wasm")
	}
}

func TestServerRobots(t *testing.T) {
	web := fakeWeb(t)
	if err := os.WriteFile(filepath.Join(web, "robots.txt"), []byte("User-agent: *\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	site := newSite(t, web, false)
	if w := get(site, "GET", "/robots.txt"); w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "User-agent") {
		t.Errorf("GET /robots.txt: status %d, body %q", w.Code, w.Body.String())
	}
	if w := get(site, "GET", "/sitemap.xml"); w.Code != http.StatusNotFound {
		t.Errorf("GET /sitemap.xml without web/sitemap.xml: status %d, want 404", w.Code)
	}
}

func TestServerDevReadsDisk(t *testing.T) {
	web := fakeWeb(t)
	dev := newSite(t, web, true)
	if err := os.WriteFile(filepath.Join(web, "app.wasm"), []byte("rebuilt"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := get(dev, "GET", "/web/app.wasm", "Accept-Encoding", "br")
	if w.Body.String() != "rebuilt" || w.Header().Get("Content-Encoding") != "" {
		t.Errorf("dev served %q (Content-Encoding %q), want the rebuilt raw file", w.Body.String(), w.Header().Get("Content-Encoding"))
	}
	worker := get(dev, "GET", "/app-worker.js").Body.String()
	if strings.Contains(worker, "fetch") || strings.Contains(worker, "addAll") {
		t.Errorf("the dev service worker caches or intercepts requests:\n%s", worker)
	}
}

func TestServerVersion(t *testing.T) {
	web := fakeWeb(t)
	a := newSite(t, web, false)
	b := newSite(t, web, false)
	if a.Version != b.Version {
		t.Errorf("same files, versions %s and %s", a.Version, b.Version)
	}
	if err := os.WriteFile(filepath.Join(web, "app.css"), []byte("body{color:red}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c := newSite(t, web, false); c.Version == a.Version {
		t.Errorf("app.css changed but the version stayed %s", a.Version)
	}
	if d1, d2 := newSite(t, web, true), newSite(t, web, true); d1.Version == d2.Version {
		t.Errorf("two development starts share the version %s", d1.Version)
	}
}

func TestServerNeedsWasm(t *testing.T) {
	register()
	web := t.TempDir()
	if _, err := playground.NewSite(web, false); err == nil || !strings.Contains(err.Error(), "app.wasm") {
		t.Errorf("NewSite without app.wasm: error %v, want one naming app.wasm", err)
	}
	if _, err := playground.NewSite(filepath.Join(web, "nosuch"), false); err == nil {
		t.Error("NewSite on a missing directory: no error")
	}
}

func TestServerTimeouts(t *testing.T) {
	register()
	srv, err := playground.NewServer("127.0.0.1:0", fakeWeb(t), false)
	if err != nil {
		t.Fatal(err)
	}
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 || srv.MaxHeaderBytes == 0 {
		t.Errorf("server without a limit: %+v", srv)
	}
}

// startServer runs the production server (NewServer: its timeouts and
// limits) on a loopback port and returns its address; it stops with the
// test.
func startServer(t testing.TB, web string) string {
	t.Helper()
	register()
	srv, err := playground.NewServer("127.0.0.1:0", web, false)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// rawGet sends a GET of target with the extra header lines on a fresh
// connection and returns the response's status.
func rawGet(t *testing.T, addr, target string, extra ...string) int {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	w := bufio.NewWriter(conn)
	fmt.Fprintf(w, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n", target)
	for _, h := range extra {
		fmt.Fprintf(w, "%s\r\n", h)
	}
	w.WriteString("\r\n")
	w.Flush() // the server may answer and close before all is sent
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestServerHeaderLimit: request headers beyond MaxHeaderBytes (64 KiB; Go
// reads 4 KiB more before it refuses) get 431 and cost the server no more
// than that; ordinary large headers (a long cookie) pass.
func TestServerHeaderLimit(t *testing.T) {
	t.Parallel()
	addr := startServer(t, fakeWeb(t))
	if got := rawGet(t, addr, "/web/app.css", "X-Fill: "+strings.Repeat("a", 16<<10)); got != http.StatusOK {
		t.Errorf("a 16 KiB header: status %d, want 200", got)
	}
	if got := rawGet(t, addr, "/web/app.css", "X-Fill: "+strings.Repeat("a", 128<<10)); got != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 128 KiB header: status %d, want 431", got)
	}
	many := make([]string, 3000)
	for i := range many {
		many[i] = fmt.Sprintf("X-H%d: %s", i, strings.Repeat("b", 40))
	}
	if got := rawGet(t, addr, "/", many...); got != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("3000 headers: status %d, want 431", got)
	}
}

// TestServerSlowHeaders: a client that opens a connection and sends its
// headers a byte at a time (slowloris) is cut off once ReadHeaderTimeout has
// passed, whatever it still sends.
func TestServerSlowHeaders(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("takes the server's ReadHeaderTimeout (5 s): skipped with -short")
	}
	register()
	srv, err := playground.NewServer("127.0.0.1:0", fakeWeb(t), false)
	if err != nil {
		t.Fatal(err)
	}
	addr := startServer(t, fakeWeb(t))
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: x\r\n")
	closed := make(chan time.Duration, 1)
	go func() {
		buf := make([]byte, 512)
		for {
			if _, err := conn.Read(buf); err != nil {
				closed <- time.Since(start)
				return
			}
		}
	}()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	limit := srv.ReadHeaderTimeout + 3*time.Second
	for {
		select {
		case d := <-closed:
			if d < srv.ReadHeaderTimeout-time.Second {
				t.Errorf("closed after %v, before the header timeout %v", d, srv.ReadHeaderTimeout)
			}
			return
		case <-tick.C:
			if time.Since(start) > limit {
				t.Fatalf("the connection is still open after %v of slow headers (ReadHeaderTimeout %v)", limit, srv.ReadHeaderTimeout)
			}
			conn.Write([]byte("X")) // a header that never ends
		}
	}
}

// TestServerLimitsSane: the server's timeouts are set, and short enough to
// shed idle and slow clients but long enough for the uncompressed app.wasm
// on a slow line (WriteTimeout).
func TestServerLimitsSane(t *testing.T) {
	register()
	srv, err := playground.NewServer("127.0.0.1:0", fakeWeb(t), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		name     string
		got      time.Duration
		min, max time.Duration
	}{
		{"ReadHeaderTimeout", srv.ReadHeaderTimeout, time.Second, 10 * time.Second},
		{"ReadTimeout", srv.ReadTimeout, srv.ReadHeaderTimeout, 30 * time.Second},
		{"WriteTimeout", srv.WriteTimeout, 30 * time.Second, 5 * time.Minute},
		{"IdleTimeout", srv.IdleTimeout, 10 * time.Second, 5 * time.Minute},
	} {
		if test.got < test.min || test.got > test.max {
			t.Errorf("%s %v, want within [%v, %v]", test.name, test.got, test.min, test.max)
		}
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("MaxHeaderBytes %d, want within (0, 1 MiB]", srv.MaxHeaderBytes)
	}
}

// loadWeb is a web directory with files of the real sizes: app.wasm of
// 10 MB, its brotli form of 1.5 MB, and a 38 KB stylesheet.
func loadWeb(t testing.TB) string {
	t.Helper()
	web := filepath.Join(t.TempDir(), "web")
	rnd := rand.NewChaCha8([32]byte{1})
	for _, f := range []struct {
		name string
		size int
	}{
		{"app.wasm", 10 << 20}, {"app.wasm.br", 1500 << 10}, {"app.wasm.gz", 1900 << 10},
		{"app.css", 38 << 10}, {"icon-192.png", 5 << 10}, {"icon-512.png", 14 << 10}, {"icon.svg", 1 << 10},
	} {
		data := make([]byte, f.size)
		rnd.Read(data)
		if err := os.MkdirAll(web, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(web, f.name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return web
}

// loadResult is what serveLoad measured.
type loadResult struct {
	requests, errors int
	bytes            int64
	elapsed          time.Duration
	firstError       string
}

// serveLoad sends requests from workers concurrent clients to the server
// at addr (loopback only), each sending perWorker requests or stopping when
// budget has passed: in turn the page, app.wasm as brotli and app.css, with
// the version's query as the page asks for them. A request counts as an
// error unless it gets 200 with the whole body.
func serveLoad(addr, version string, workers, perWorker int, budget time.Duration) loadResult {
	transport := &http.Transport{
		MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers,
		DisableCompression: true, // we ask for br ourselves and count its bytes
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: time.Minute}
	targets := []struct{ path, encoding string }{
		{"/?v=1&data=moons&seed=3", ""},
		{"/web/app.wasm?v=" + version, "br"},
		{"/web/app.css?v=" + version, ""},
	}
	var mu sync.Mutex
	var res loadResult
	deadline := time.Now().Add(budget)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var n, errs int
			var bytes int64
			var first string
			for i := 0; i < perWorker && time.Now().Before(deadline); i++ {
				target := targets[(w+i)%len(targets)]
				req, _ := http.NewRequest("GET", "http://"+addr+target.path, nil)
				req.Header.Set("Accept-Encoding", target.encoding)
				resp, err := client.Do(req)
				n++
				if err != nil {
					errs++
					first = cmp.Or(first, err.Error())
					continue
				}
				m, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				bytes += m
				if err != nil || resp.StatusCode != http.StatusOK || resp.ContentLength >= 0 && m != resp.ContentLength ||
					resp.Header.Get("Content-Encoding") != target.encoding {
					errs++
					first = cmp.Or(first, fmt.Sprintf("GET %s: status %d, %d bytes of %d, encoding %q, %v",
						target.path, resp.StatusCode, m, resp.ContentLength, resp.Header.Get("Content-Encoding"), err))
				}
			}
			mu.Lock()
			res.requests += n
			res.errors += errs
			res.bytes += bytes
			res.firstError = cmp.Or(res.firstError, first)
			mu.Unlock()
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

func (r loadResult) String() string {
	s := r.elapsed.Seconds()
	return fmt.Sprintf("%d requests in %.2f s: %.0f requests/s, %.0f MB/s, %d errors",
		r.requests, s, float64(r.requests)/s, float64(r.bytes)/s/1e6, r.errors)
}

// TestServeLoad sends many concurrent requests on loopback to the
// production server (50 clients, up to 40 requests each or 3 seconds):
// every one must succeed.
func TestServeLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load: skipped with -short")
	}
	web := loadWeb(t)
	addr := startServer(t, web)
	site := newSite(t, web, false) // the same files: the same version
	res := serveLoad(addr, site.Version, 50, 40, 3*time.Second)
	t.Log(res)
	if res.errors > 0 {
		t.Errorf("%d of %d requests failed; the first: %s", res.errors, res.requests, res.firstError)
	}
	if res.requests < 50 {
		t.Errorf("only %d requests in %v", res.requests, res.elapsed)
	}
}

// BenchmarkServeLoad measures the production server under 50 concurrent
// clients on loopback, each sending up to 2,000 requests or for 5 seconds
// (the page, app.wasm as brotli, app.css in turn), and reports requests/s
// and errors. make bench runs it once (-benchtime=1x).
func BenchmarkServeLoad(b *testing.B) {
	web := loadWeb(b)
	addr := startServer(b, web)
	site := newSite(b, web, false)
	for b.Loop() {
		res := serveLoad(addr, site.Version, 50, 2000, 5*time.Second)
		b.ReportMetric(float64(res.requests)/res.elapsed.Seconds(), "req/s")
		b.ReportMetric(float64(res.errors), "errors")
		b.ReportMetric(float64(res.bytes)/res.elapsed.Seconds()/1e6, "MB/s")
		b.Log(res)
		if res.errors > 0 {
			b.Errorf("%d of %d requests failed; the first: %s", res.errors, res.requests, res.firstError)
		}
	}
}

// TestServerHeavyLinkPrerender: a link that asks for the largest runs the
// link caps allow costs the server no more than the bare page (it
// prerenders that, and the browser builds the link's runs), while an
// ordinary link is still prerendered with its settings.
func TestServerHeavyLinkPrerender(t *testing.T) {
	site := newSite(t, fakeWeb(t), false)
	const heavy = "/?v=1&data=moons&cmp=fa,dfa,kp&hidden=1024,1024,900&train=60000&test=10000&batch=1024"
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	w := get(site, "GET", heavy)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("%s: %v, %d MB allocated", heavy, elapsed, allocated>>20)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	if allocated > 64<<20 {
		t.Errorf("prerendering a heavy link allocated %d MB; want the bare page's few", allocated>>20)
	}
	if got := prerenderedDataset(w.Body.String()); got != "spiral" {
		t.Errorf("a heavy link was prerendered with dataset %q; want the bare page's spiral", got)
	}
	if got := prerenderedDataset(get(site, "GET", "/?data=moons&seed=3").Body.String()); got != "moons" {
		t.Errorf("an ordinary link was prerendered with dataset %q; want its moons", got)
	}
}

// prerenderedDataset returns the dataset a prerendered page shows chosen:
// the key of the one dataset button in the tab order (tabindex 0).
func prerenderedDataset(page string) string {
	for _, tag := range regexp.MustCompile(`<button[^>]*>`).FindAllString(page, -1) {
		if m := regexp.MustCompile(`id="data-([a-z0-9-]+)"`).FindStringSubmatch(tag); m != nil && strings.Contains(tag, `tabindex="0"`) {
			return m[1]
		}
	}
	return ""
}

// TestServerPageResources: the page the server renders (a bare link, an
// ordinary one, a bad one) loads scripts, styles, icons and the manifest
// from this origin only, has no inline script and no inline event handler
// (the CSP would block them; go-app needs none), and names only scripts
// the CSP's script-src 'self' allows.
func TestServerPageResources(t *testing.T) {
	site := newSite(t, fakeWeb(t), false)
	tagRE := regexp.MustCompile(`(?is)<(script|link|img|iframe|object|embed|source|audio|video|base|form)\b[^>]*>`)
	attrRE := regexp.MustCompile(`(?i)\s(src|href|action|data|srcset|poster)="([^"]*)"`)
	for _, target := range []string{"/", "/?v=1&data=moons&seed=3&play=1", "/?lr=banana&data=nosuch", "/index.html?seed=2"} {
		page := get(site, "GET", target).Body.String()
		scripts := 0
		for _, tag := range tagRE.FindAllString(page, -1) {
			name := strings.ToLower(tagRE.FindStringSubmatch(tag)[1])
			if name == "script" {
				scripts++
				if !strings.Contains(tag, " src=") {
					t.Errorf("%s: an inline script: %s", target, tag)
				}
			}
			if name == "iframe" || name == "object" || name == "embed" || name == "base" {
				t.Errorf("%s: %s", target, tag)
			}
			if name == "link" && strings.Contains(tag, `rel="canonical"`) {
				continue // not a resource
			}
			for _, m := range attrRE.FindAllStringSubmatch(tag, -1) {
				if u := m[2]; !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
					t.Errorf("%s: %s=%q is not a resource of this origin: %s", target, m[1], u, tag)
				}
			}
		}
		if scripts == 0 {
			t.Errorf("%s: no script at all", target)
		}
		if m := regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+=`).FindString(page); m != "" {
			t.Errorf("%s: an inline event handler: %s", target, m)
		}
		if strings.Contains(page, "javascript:") {
			t.Errorf("%s: a javascript: URL", target)
		}
	}
}
