//go:build !wasm

package app

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log"
	"mime"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/core/run"
)

// Site is the playground's whole HTTP handler: the files of web/ under /web/,
// precompressed where possible, and everything else (pages, go-app's scripts,
// manifest and service worker) through go-app's Handler. It answers only GET
// and HEAD and puts the security headers on every response.
//
// Register must have been called before the first request: go-app renders
// only routed pages.
type Site struct {
	// Version names what the site serves; see Handler.
	Version string

	dev   bool
	files store
	pages *goapp.Handler
}

// NewServer returns an HTTP server for the playground on addr (host:port),
// serving webDir as NewSite does, with timeouts that bound how long a client
// may hold a connection.
func NewServer(addr, webDir string, dev bool) (*http.Server, error) {
	site, err := NewSite(webDir, dev)
	if err != nil {
		return nil, err
	}
	return &http.Server{
		Addr:              addr,
		Handler:           site,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second, // GET and HEAD only: no bodies to wait for
		// WriteTimeout bounds a whole response: the uncompressed app.wasm
		// (about 8 MB) takes about a minute at 1 Mbit/s.
		WriteTimeout:   2 * time.Minute,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
	}, nil
}

// NewSite returns the handler that serves the playground with the files of
// webDir (normally web/: app.wasm, its .br and .gz, app.css, the icons).
//
// In production (dev false) it reads every file of webDir into memory once, so
// that what it serves cannot drift from its Version: a hash of those files and
// of the running executable. Browsers may cache /web/ URLs carrying that
// version (?v=, added by the resolver) for a year; a rebuild needs a restart.
// It fails when webDir has no app.wasm.
//
// In development (dev true) it reads the files from disk at each request and
// tells browsers to store nothing, its Version is new at each start, and the
// service worker caches nothing, so a rebuilt app.wasm shows on a plain reload.
func NewSite(webDir string, dev bool) (*Site, error) {
	root, err := os.OpenRoot(webDir)
	if err != nil {
		return nil, fmt.Errorf("web directory: %w", err)
	}
	s := &Site{dev: dev}
	if dev {
		s.files = diskStore{root}
		s.Version = "dev-" + strings.ToLower(rand.Text()[:16])
		if f, _, err := s.files.open("app.wasm"); err != nil {
			log.Printf("warning: %s has no app.wasm yet (build it with make dev)", webDir)
		} else {
			f.Close()
		}
	} else {
		defer root.Close()
		files, sum, err := snapshot(root.FS())
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", webDir, err)
		}
		if _, ok := files["app.wasm"]; !ok {
			return nil, fmt.Errorf("%s has no app.wasm: build it first (make build)", webDir)
		}
		s.files = files
		s.Version = version(sum)
	}
	s.pages = Handler(s.Version, dev)
	if !dev {
		s.pruneMissing(webDir)
	}
	return s, nil
}

// pruneMissing drops from the go-app handler the /web/ files it would list
// that webDir lacks, and reports them. The service worker precaches its list
// with one cache.addAll, which fails as a whole when one file is missing: the
// app would then not work offline at all.
func (s *Site) pruneMissing(webDir string) {
	missing := func(resource string) bool {
		for field := range strings.FieldsSeq(resource) { // "URL attr attr"
			name, ok := strings.CutPrefix(field, "/web/")
			if !ok {
				continue
			}
			f, _, err := s.files.open(name)
			if err != nil {
				log.Printf("warning: %s/%s is missing; it is left out of the page and the offline cache", webDir, name)
				return true
			}
			f.Close()
		}
		return false
	}
	h := s.pages
	h.Styles = slices.DeleteFunc(h.Styles, missing)
	h.Scripts = slices.DeleteFunc(h.Scripts, missing)
	h.Fonts = slices.DeleteFunc(h.Fonts, missing)
	h.CacheableResources = slices.DeleteFunc(h.CacheableResources, missing)
	for _, icon := range []string{h.Icon.Default, h.Icon.Large, h.Icon.SVG} {
		missing(icon) // required by go-app: report only
	}
}

// securityHeaders go on every response.
//
// The Content-Security-Policy allows only this origin. go-app's page has no
// inline script (it loads /wasm_exec.js and /app.js), so script-src needs only
// 'wasm-unsafe-eval' beyond 'self', for WebAssembly.instantiateStreaming.
// Styles: go-app applies a component's Style(...) with
// setAttribute("style", ...), which CSP counts as inline style, so style-src
// allows 'unsafe-inline'; style-src-elem keeps <style> and stylesheet links to
// 'self' in browsers that know it (CSP 3), so only style attributes are inline.
// Inline style cannot run script. Canvases are read back as data: and blob:
// URLs (images, downloads of figures).
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; " +
		"script-src 'self' 'wasm-unsafe-eval'; " +
		"style-src 'self' 'unsafe-inline'; style-src-elem 'self'; " +
		"img-src 'self' data: blob:; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":       "nosniff",
	"Referrer-Policy":              "no-referrer",
	"Permissions-Policy":           "camera=(), microphone=(), geolocation=()",
	"X-Frame-Options":              "DENY",
	"Cross-Origin-Opener-Policy":   "same-origin",
	"Cross-Origin-Resource-Policy": "same-origin",
}

// ServeHTTP implements http.Handler.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for k, v := range securityHeaders {
		w.Header().Set(k, v)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch p := r.URL.Path; p {
	case "/robots.txt", "/sitemap.xml", "/ads.txt":
		// go-app would proxy these from /web/ by an HTTP request to the
		// resolved URL, which fails with our resolver.
		s.serveFile(w, r, p[1:])
	default:
		if name, ok := strings.CutPrefix(p, "/web/"); ok {
			s.serveFile(w, r, name)
			return
		}
		if r.URL.RawQuery != "" && !cheapToPrerender(r.URL.RawQuery) {
			// The client reads the link from its own address and builds
			// the runs itself: prerender the page of the bare path.
			r = r.Clone(r.Context())
			r.URL.RawQuery = ""
		}
		s.pages.ServeHTTP(w, r)
	}
}

// prerenderWork bounds the arithmetic the server spends on one page. go-app
// prerenders a page by running our Playground natively, which builds the
// link's runs (Playground.OnPreRender): data, networks, and a first
// evaluation of every run. The link caps (run.MaxEvalWork) keep that within
// a moment for one browser, but a server answers everyone: a comparison of
// four of the largest runs a link allows took the server over three seconds
// and 550 MB a request, so a few requests a second would bring it down.
// Above 2²⁴ multiply-adds (a few milliseconds; the default experiment costs
// 2·10⁵) the server prerenders the bare page, and the browser shows the
// link once its WebAssembly runs.
const prerenderWork = 1 << 24

// cheapToPrerender reports whether building the runs of the link with this
// query costs at most prerenderWork multiply-adds: the examples of both
// splits and a batch through each run's network. (A lesson link opens the
// lesson's own experiment, which we wrote; it is judged by its other keys.)
func cheapToPrerender(query string) bool {
	spec, _ := run.DecodeComparison(query) // a bad link still decodes to runs the page would build
	work := 0
	for _, e := range spec.Runs {
		work += (e.Train + e.Test + e.Batch) * e.ExampleCost()
	}
	return work <= prerenderWork
}

// serveFile serves the file name (relative to web/) if it exists, or 404.
// When the client accepts it and the file has an up-to-date .br or .gz
// sibling, it sends that one instead, with Content-Encoding.
func (s *Site) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	if !validName(name) {
		http.NotFound(w, r)
		return
	}
	content, info, err := s.files.open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer content.Close()

	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Vary", "Accept-Encoding")
	h.Set(WasmContentLengthHeader, strconv.FormatInt(info.size, 10))
	switch {
	case s.dev:
		h.Set("Cache-Control", "no-store")
	case r.URL.Query().Get("v") == s.Version:
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	default:
		h.Set("Cache-Control", "no-cache")
	}

	if !s.dev {
		for _, enc := range encodings {
			if !acceptsEncoding(r.Header.Get("Accept-Encoding"), enc.name) {
				continue
			}
			c, ci, err := s.files.open(name + enc.ext)
			if err != nil || ci.modTime.Before(info.modTime) {
				continue // none, or older than the file: stale
			}
			content.Close()
			content, info = c, ci
			h.Set("Content-Encoding", enc.name)
			// ServeContent leaves Content-Length out when Content-Encoding is
			// set, except for ranges, where it sets the right one.
			h.Set("Content-Length", strconv.FormatInt(ci.size, 10))
			break
		}
	}
	if info.etag != "" {
		h.Set("ETag", info.etag)
	}
	http.ServeContent(w, r, "", info.modTime, content)
}

// encodings are the precompressed siblings a file may have, in order of
// preference: brotli files are about 30 % smaller than gzip ones.
var encodings = []struct{ name, ext string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// validName reports whether name is a path we may look up under web/: a
// clean relative path (no "..", ".", empty or rooted elements) with no hidden
// element and no backslash.
func validName(name string) bool {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\\x00") {
		return false
	}
	for elem := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return false
		}
	}
	return true
}

// contentTypes fixes the types of the files we ship, whatever the system's
// MIME tables say; other extensions go through mime.TypeByExtension.
var contentTypes = map[string]string{
	".wasm":        "application/wasm",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".xml":         "application/xml",
	".csv":         "text/csv; charset=utf-8",
	".woff2":       "font/woff2",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// acceptsEncoding reports whether an Accept-Encoding header value accepts the
// content coding (RFC 9110 §12.5.3): listed, or covered by "*", with a
// q-value above zero. A listed coding overrides "*".
func acceptsEncoding(header, coding string) bool {
	star := false
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		q := 1.0
		for param := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(param, "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil {
					f = 0
				}
				q = f
			}
		}
		switch name {
		case coding:
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}

// fileInfo describes a file of web/.
type fileInfo struct {
	size    int64
	modTime time.Time
	etag    string // quoted; empty when not known (development)
}

// A store opens the files of web/ by a name that validName accepts. It
// returns an error wrapping fs.ErrNotExist for anything but a regular file.
type store interface {
	open(name string) (io.ReadSeekCloser, fileInfo, error)
}

// memStore is the production store: a snapshot of web/ taken at start.
type memStore map[string]memFile

type memFile struct {
	data []byte
	info fileInfo
}

func (m memStore) open(name string) (io.ReadSeekCloser, fileInfo, error) {
	f, ok := m[name]
	if !ok {
		return nil, fileInfo{}, fs.ErrNotExist
	}
	return nopCloser{bytes.NewReader(f.data)}, f.info, nil
}

type nopCloser struct{ io.ReadSeeker }

func (nopCloser) Close() error { return nil }

// diskStore is the development store: it reads web/ at each request. An
// os.Root cannot be escaped, not even by a symbolic link.
type diskStore struct{ root *os.Root }

func (d diskStore) open(name string) (io.ReadSeekCloser, fileInfo, error) {
	f, err := d.root.Open(name)
	if err != nil {
		return nil, fileInfo{}, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, fileInfo{}, fs.ErrNotExist
	}
	return f, fileInfo{size: st.Size(), modTime: st.ModTime()}, nil
}

// snapshot reads every regular file of fsys whose path validName accepts
// (symbolic links are followed inside fsys only). It returns them with a hash
// of all their names and contents.
func snapshot(fsys fs.FS) (memStore, []byte, error) {
	files := make(memStore)
	all := sha256.New()
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !validName(name) {
			return nil
		}
		st, err := fs.Stat(fsys, name)
		if err != nil {
			return err
		}
		if !st.Mode().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		files[name] = memFile{data, fileInfo{
			size:    int64(len(data)),
			modTime: st.ModTime(),
			etag:    `"` + hex.EncodeToString(sum[:16]) + `"`,
		}}
		fmt.Fprintf(all, "%s\x00%x\n", name, sum) // WalkDir goes in lexical order
		return nil
	})
	return files, all.Sum(nil), err
}

// version combines the hash of web/ with a hash of the running executable,
// since the pages go-app renders (and answers 304 for, by this version) come
// from the server's code as well.
func version(webSum []byte) string {
	h := sha256.New()
	h.Write(webSum)
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			_, err = io.Copy(h, f)
			f.Close()
			if err != nil {
				log.Printf("warning: hashing %s: %v", exe, err)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:10])
}
