//go:build !wasm

package app

import (
	"net/url"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// WasmContentLengthHeader is the response header that carries the size of
// /web/app.wasm before content encoding. The server sends app.wasm brotli- or
// gzip-compressed, so Content-Length is the compressed size; go-app's loader
// reads this header instead to show a true percentage.
const WasmContentLengthHeader = "X-Uncompressed-Content-Length"

// Handler returns the go-app handler that renders the playground's pages and
// serves go-app's own files (app.js, wasm_exec.js, app-worker.js, the
// manifest).
//
// version names what the server serves: go-app puts it in the service
// worker's cache name, answers 304 to a request whose If-None-Match is that
// version, and our resolver appends it as ?v= to every /web/ URL so that those
// URLs can be cached for long. It must change whenever a file under web/ or the
// server itself changes; NewHandler computes it.
//
// If dev is true, the service worker caches nothing (see devServiceWorker), so
// a rebuilt app.wasm is picked up on a plain reload.
//
// The files under /web/ are not served by this handler but by ours (see
// NewHandler): go-app's own LocalDir resolver is broken in v10.1.11 for a
// non-empty directory and serves nothing compressed.
func Handler(version string, dev bool) *goapp.Handler {
	h := &goapp.Handler{
		Name:        "Plasticity",
		ShortName:   "Plasticity",
		Title:       "Plasticity: a playground for learning rules",
		Description: "Train small neural networks in the browser with backpropagation and biologically plausible learning rules, and watch what they learn.",
		Lang:        "en",
		Icon: goapp.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-512.png", // drawn inside the maskable safe zone
			SVG:      "/web/icon.svg",
		},
		Styles: []string{"/web/app.css"},
		// go-app precaches the PNG icons only; the training worker
		// (worker.go) is precached for offline use like app.wasm.
		// The MNIST asset (1.9 MB) is not precached but cached on first
		// use (mnist.go says why).
		CacheableResources:      []string{"/web/icon.svg", "/web/worker.js", "/web/worker.wasm"},
		BackgroundColor:         "#f6f6f3",
		ThemeColor:              "#1d3557",
		LoadingLabel:            "Loading Plasticity {progress}%",
		Version:                 version,
		WasmContentLengthHeader: WasmContentLengthHeader,
		Resources:               resolver{version: version},
	}
	h.ServiceWorkerTemplate = productionServiceWorker
	if dev {
		h.ServiceWorkerTemplate = devServiceWorker
	}
	return h
}

// productionServiceWorker is go-app's worker with one change: a page request
// (a navigation) matches the cached page whatever its query string. The
// worker precaches "/", and every experiment link is "/?..."; without the
// change no link would open offline. The page's query only matters to the
// prerendered HTML: the client renders from the address it runs at.
var productionServiceWorker = strings.Replace(goapp.DefaultAppWorkerJS,
	"await caches.match(request);",
	`await caches.match(request, {ignoreSearch: request.mode === "navigate"});`, 1)

// devServiceWorker replaces go-app's caching worker in development.
//
// go-app's worker answers every request from its cache first and refreshes
// that cache only when its own script changes, that is when Version changes:
// a rebuilt app.wasm under the same server would never reach the page, and a
// new Version still needs two reloads. Leaving ServiceWorkerTemplate empty
// does not help (go-app then uses its default worker), and app.js always
// registers a worker, so we register this one: it has no fetch handler, so
// every request goes to the network, and on activation it deletes the caches
// a production worker may have left on the same origin (make run and make dev
// both serve 127.0.0.1:8000). go-app substitutes {{.Version}}, so each server
// start installs it afresh.
const devServiceWorker = `// Plasticity development worker {{.Version}}: caches nothing.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      await caches.delete(key);
    }
    await self.clients.claim();
  })());
});
`

// resolver is the handler's ResourceResolver. It leaves every path where it
// is (our server serves /web/ on the same origin) and appends ?v=<version> to
// the files under /web/, so that a URL names one content and the server may
// let browsers cache it for a year.
//
// go-app resolves with it the page's links, scripts, icons and images
// (attributes href and src rendered on the server), the manifest's icons, the
// wasm that app.js fetches and the list the service worker precaches, so the
// worker caches exactly the URLs the page asks for. "/web" itself stays bare:
// go-app's client appends paths to it.
type resolver struct{ version string }

// Resolve implements goapp.ResourceResolver.
func (r resolver) Resolve(location string) string {
	switch {
	case location == "" || location == "/":
		return "/"
	case location == "/web" || location == "web":
		return "/web"
	case strings.HasPrefix(location, "/web/") || strings.HasPrefix(location, "web/"):
		location = "/" + strings.TrimPrefix(location, "/")
		if r.version == "" || strings.Contains(location, "?") {
			return location
		}
		return location + "?v=" + url.QueryEscape(r.version)
	default:
		return location
	}
}
