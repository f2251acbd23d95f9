//go:build !wasm

package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

func newSite(t *testing.T, web string, dev bool) *playground.Site {
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
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
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
