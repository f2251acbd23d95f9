//go:build !wasm

package app

import (
	"strings"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestAcceptsEncoding(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		header, coding string
		want           bool
	}{
		{"", "br", false},
		{"br", "br", true},
		{"gzip, deflate, br, zstd", "br", true},
		{"gzip, deflate, br, zstd", "gzip", true},
		{"gzip", "br", false},
		{"BR", "br", true},
		{"br;q=0", "br", false},
		{"br; q=0.0, gzip", "br", false},
		{"br;q=0.5", "br", true},
		{"br;q=banana", "br", false},
		{"*", "br", true},
		{"*;q=0", "gzip", false},
		{"*, br;q=0", "br", false},
		{"br;q=0, *", "br", false},
		{"identity", "gzip", false},
		{" gzip ;q=1 ", "gzip", true},
	} {
		if got := acceptsEncoding(test.header, test.coding); got != test.want {
			t.Errorf("%d: acceptsEncoding(%q, %q) = %v, want %v", i, test.header, test.coding, got, test.want)
		}
	}
}

func TestValidName(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		name string
		want bool
	}{
		{"app.wasm", true},
		{"sub/x.txt", true},
		{"%2e%2e/go.mod", true}, // a strange name, but one that stays inside web/
		{"", false},
		{".", false},
		{"..", false},
		{"../go.mod", false},
		{"sub/../../go.mod", false},
		{"/etc/passwd", false},
		{"sub/", false},
		{"sub//x", false},
		{".git/config", false},
		{"sub/.hidden", false},
		{`..\go.mod`, false},
		{"app.wasm\x00", false},
	} {
		if got := validName(test.name); got != test.want {
			t.Errorf("%d: validName(%q) = %v, want %v", i, test.name, got, test.want)
		}
	}
}

func TestResolver(t *testing.T) {
	t.Parallel()
	r := resolver{version: "abc"}
	for i, test := range []struct{ in, want string }{
		{"", "/"},
		{"/", "/"},
		{"/web", "/web"},
		{"web", "/web"},
		{"/web/app.wasm", "/web/app.wasm?v=abc"},
		{"web/app.css", "/web/app.css?v=abc"},
		{"/web/x.png?size=2", "/web/x.png?size=2"},
		{"/app.js", "/app.js"},
		{"/manifest.webmanifest", "/manifest.webmanifest"},
		{"https://example.com/web/x.png", "https://example.com/web/x.png"},
		{"/webby", "/webby"},
	} {
		if got := r.Resolve(test.in); got != test.want {
			t.Errorf("%d: Resolve(%q) = %q, want %q", i, test.in, got, test.want)
		}
	}
	if got := (resolver{}).Resolve("/web/app.wasm"); got != "/web/app.wasm" {
		t.Errorf("without a version: Resolve(/web/app.wasm) = %q, want it unchanged", got)
	}
}

func TestContentType(t *testing.T) {
	t.Parallel()
	for _, test := range []struct{ name, want string }{
		{"app.wasm", "application/wasm"},
		{"app.css", "text/css; charset=utf-8"},
		{"icon.svg", "image/svg+xml"},
		{"ICON.PNG", "image/png"},
		{"app.wasm.br", "application/octet-stream"},
		{"noext", "application/octet-stream"},
	} {
		if got := contentType(test.name); got != test.want {
			t.Errorf("contentType(%q) = %q, want %q", test.name, got, test.want)
		}
	}
}

func TestProductionServiceWorker(t *testing.T) {
	t.Parallel()
	if productionServiceWorker == goapp.DefaultAppWorkerJS || !strings.Contains(productionServiceWorker, "ignoreSearch") {
		t.Error("go-app's worker changed: productionServiceWorker no longer lets links with a query open offline")
	}
}
