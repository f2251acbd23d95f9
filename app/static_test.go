//go:build !wasm

package app

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestWriteStatic writes the static site from a small web/ and checks it
// as a plain file server serves it: the page at / and /index.html with a
// link's query, every file the service worker precaches (one missing and
// it caches none), app.wasm raw and compressed, the MNIST asset, the root
// files, the headers file, and nothing hidden.
func TestWriteStatic(t *testing.T) {
	web := filepath.Join(t.TempDir(), "web")
	files := map[string]string{
		"app.wasm":                     "\x00asm raw, longer than the compressed forms",
		"app.wasm.br":                  "br",
		"app.wasm.gz":                  "gz",
		"app.css":                      "body{}",
		"icon-192.png":                 "png",
		"icon-512.png":                 "png",
		"icon.svg":                     "<svg/>",
		"mnist/mnist-train-10k.bin.gz": "train",
		"mnist/mnist-test-2k.bin.gz":   "test",
		"robots.txt":                   "User-agent: *\n",
		".hidden":                      "secret",
	}
	for name, content := range files {
		p := filepath.Join(web, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	Register()
	out := filepath.Join(t.TempDir(), "site")
	if err := WriteStatic(out, web); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	get := func(path string) (int, string) {
		t.Helper()
		res, err := http.Get(srv.URL + path) // follows redirects
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, string(b)
	}

	for _, link := range []string{"/?v=1&data=moons&seed=5", "/index.html?v=1&data=moons&seed=5"} {
		code, page := get(link)
		if code != http.StatusOK || !strings.Contains(page, `id="status"`) || !strings.Contains(page, `src="/app.js"`) {
			t.Errorf("GET %s: status %d; want the page", link, code)
		}
	}
	// http.FileServer sends /index.html to ./ and must keep the link.
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(srv.URL + "/index.html?seed=5")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode == http.StatusMovedPermanently && loc != "./?seed=5" {
		t.Errorf("/index.html?seed=5 redirects to %q; want the query kept", loc)
	}

	// Every file the service worker precaches is there.
	_, worker := get("/app-worker.js")
	m := regexp.MustCompile(`const resourcesToCache = (\[.*?\]);`).FindStringSubmatch(worker)
	if m == nil {
		t.Fatalf("no resourcesToCache in app-worker.js:\n%s", worker)
	}
	var cached []string
	if err := json.Unmarshal([]byte(m[1]), &cached); err != nil {
		t.Fatal(err)
	}
	for _, u := range cached {
		if code, _ := get(u); code != http.StatusOK {
			t.Errorf("the service worker precaches %s, which the static site answers with %d", u, code)
		}
	}
	if len(cached) < 9 {
		t.Errorf("the service worker precaches %d files: %q", len(cached), cached)
	}

	for name, content := range files {
		code, body := get("/web/" + name)
		switch {
		case strings.HasPrefix(name, "."):
			if code == http.StatusOK {
				t.Errorf("the hidden file %s was copied", name)
			}
		case code != http.StatusOK || body != content:
			t.Errorf("web/%s: status %d, %q; want %q", name, code, body, content)
		}
	}
	if code, body := get("/robots.txt"); code != http.StatusOK || body != files["robots.txt"] {
		t.Errorf("/robots.txt: status %d, %q", code, body)
	}
	_, appJS := get("/app.js")
	if want := `const goappWasmContentLength = "` + strconv.Itoa(len(files["app.wasm"])) + `"`; !strings.Contains(appJS, want) {
		t.Errorf("app.js does not say the size of app.wasm (%s)", want)
	}
	if _, headers := get("/_headers"); !strings.Contains(headers, "Content-Security-Policy: default-src 'self'") {
		t.Errorf("_headers:\n%s", headers)
	}
}
