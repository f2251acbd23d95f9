//go:build !wasm

package app

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// WriteStatic writes the playground as a static website into outDir, for
// any host that serves files (GitHub Pages, Netlify, an S3 bucket, nginx,
// python -m http.server): no server of ours runs there, and every visitor's
// browser trains on its own, so one static host serves a class of hundreds.
//
// It writes what go-app's GenerateStaticWebsite writes (index.html, the
// page prerendered, with app.js, wasm_exec.js, the service worker and the
// manifest) and copies every file of webDir to outDir/web: app.wasm raw,
// since a plain host cannot choose among encodings (many compress on their
// own), with its .br and .gz beside it for hosts that can; the styles, the
// icons, and the MNIST asset (web/mnist) when present. Files of webDir that
// the server answers at the root (robots.txt, sitemap.xml, ads.txt) are
// copied to outDir too. A _headers file (read by Netlify and Cloudflare
// Pages, harmless elsewhere) carries the security headers the server sends.
//
// A link works there as on the server: the page reads its query string in
// the browser, at / and at /index.html alike (Register routes both). The
// site must be served at the root of its origin: go-app's URLs are absolute.
//
// The version is computed as NewSite computes it; app.js is told the size of
// app.wasm, for its loading bar, since a static host sends no header for it.
func WriteStatic(outDir, webDir string) error {
	site, err := NewSite(webDir, false)
	if err != nil {
		return err
	}
	files := site.files.(memStore)
	h := site.pages
	h.WasmContentLength = strconv.FormatInt(files["app.wasm"].info.size, 10)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	if err := goapp.GenerateStaticWebsite(outDir, h); err != nil {
		return fmt.Errorf("generating the pages: %w", err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := writeFile(filepath.Join(outDir, "web", filepath.FromSlash(name)), files[name].data); err != nil {
			return err
		}
		if rootFiles[name] {
			if err := writeFile(filepath.Join(outDir, name), files[name].data); err != nil {
				return err
			}
		}
	}
	return writeFile(filepath.Join(outDir, "_headers"), []byte(staticHeaders()))
}

// rootFiles are the files of web/ the server also answers at the root.
var rootFiles = map[string]bool{"robots.txt": true, "sitemap.xml": true, "ads.txt": true}

func writeFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

// staticHeaders returns the security headers in the _headers format of
// Netlify and Cloudflare Pages: a path pattern, then indented headers.
func staticHeaders() string {
	keys := make([]string, 0, len(securityHeaders))
	for k := range securityHeaders {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("/*\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s: %s\n", k, securityHeaders[k])
	}
	return b.String()
}
