//go:build !wasm

package main

// Robustness tests: what a link, a bug in a rule, a signal or a static host
// can do to the playground. They reuse the browser harness of e2e_test.go.

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	playground "plasticity/app"
	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/rule"
)

// TestE2ELinkKeepsGoodKeys opens a link with two bad keys and one good
// one: #notice names both bad keys and says why, and the good key took
// effect (in its control, and in the link the address bar now holds).
func TestE2ELinkKeepsGoodKeys(t *testing.T) {
	ctx, _ := openPage(t, "?lr=banana&hidden=4,x&seed=42")
	waitClient(t, ctx)
	waitFor(t, ctx, "the ready state", statusJS+`.dataset.state === "ready"`, 10*time.Second)
	notice := text(t, ctx, "#notice")
	for _, want := range []string{"lr", "banana", "hidden", `"x"`} {
		if !strings.Contains(notice, want) {
			t.Errorf("#notice %q does not name %s", notice, want)
		}
	}
	if seed := evalJS[string](t, ctx, `document.getElementById("seed").value`); seed != "42" {
		t.Errorf("#seed holds %q; want the link's 42", seed)
	}
	href := evalJS[string](t, ctx, `location.href`)
	if !strings.Contains(href, "seed=42") || strings.Contains(href, "banana") || strings.Contains(href, "hidden=4") {
		t.Errorf("the address bar holds %q; want the good key kept and the bad ones dropped", href)
	}
}

// panikyE2E is a rule with a bug on purpose, compiled into a second
// app.wasm for TestE2EPanicShowsError through go build -overlay: the file
// exists only in a temporary directory, never in the repository or in the
// product's app.wasm.
const panikyE2E = `package main

import (
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/rule"
)

type paniky struct {
	net   *nn.Net
	steps int
}

func init() {
	rule.Register(rule.Info{
		Key: "paniky-e2e", Title: "Paniky (panics on purpose, e2e)",
		New: func(net *nn.Net, _ rule.Hyper, _ *rand.Rand) rule.Rule { return &paniky{net: net} },
	})
}

func (p *paniky) Step(b *data.Batch) {
	if p.steps == 3 {
		panic("paniky-e2e: a bug in Step")
	}
	p.steps++
	p.net.Forward(b.X, b.N)
	p.net.Backward(b.Y, nil)
}
`

// TestE2EPanicShowsError opens a link to a rule that panics at its fourth
// step, in an app.wasm built with that rule: the page must stop training
// and show data-state "error" with the rule named in #notice, and the tab
// must live on (a click still works).
func TestE2EPanicShowsError(t *testing.T) {
	needBrowser(t)
	testServer.url(t) // builds the ordinary app.wasm and web/ first
	dir := t.TempDir()
	src := filepath.Join(dir, "paniky.go")
	if err := os.WriteFile(src, []byte(panikyE2E), 0o644); err != nil {
		t.Fatal(err)
	}
	wasmDir, err := filepath.Abs("wasm")
	if err != nil {
		t.Fatal(err)
	}
	overlay, _ := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(wasmDir, "zz_paniky_e2e.go"): src}})
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	web := filepath.Join(dir, "web")
	if err := copyWeb(web, filepath.Join(testServer.dir, "web")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	cmd := exec.Command("go", "build", "-overlay", overlayFile, "-o", filepath.Join(web, "app.wasm"), "./wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building app.wasm with the panicking rule: %v\n%s", err, out)
	}
	t.Logf("built app.wasm with the panicking rule in %v", time.Since(start).Round(time.Millisecond))
	site, err := playground.NewSite(web, false)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)

	ctx, _ := openPageAt(t, srv.URL, "?rule=paniky-e2e&play=1")
	waitClient(t, ctx)
	waitFor(t, ctx, "the error state", statusJS+`.dataset.state === "error"`, 30*time.Second)
	notice := text(t, ctx, "#notice")
	for _, want := range []string{"Paniky (panics on purpose, e2e)", "a bug in Step"} {
		if !strings.Contains(notice, want) {
			t.Errorf("#notice %q does not say %q", notice, want)
		}
	}
	if step := statusAttrs(t, ctx)["data-step"]; step != "3" {
		t.Errorf("data-step %q; want 3, the steps before the panic", step)
	}
	// The tab lives on: another rule builds and trains.
	evalJS[bool](t, ctx, `(() => {
  const r = document.getElementById("rule");
  r.value = "bp";
  return r.dispatchEvent(new Event("change", {bubbles: true}));
})()`)
	waitFor(t, ctx, "backprop to be ready after the failure", statusJS+`.dataset.state !== "error"`, 10*time.Second)
}

// TestE2EOfflineReload opens a link, takes the server down, and reloads
// the same page: the service worker serves everything, the client reaches
// the ready state with the link's settings, and it trains with no network.
func TestE2EOfflineReload(t *testing.T) {
	srv, _ := serveCopy(t, false)
	ctx, _ := openPageAt(t, srv.URL, "?data=moons&seed=9")
	waitClient(t, ctx)
	if n := cachedFiles(t, ctx); n < 8 {
		t.Fatalf("the service worker cached %d files; want all of them (at least 8)", n)
	}
	srv.CloseClientConnections()
	srv.Close()
	if ok := evalJS[bool](t, ctx, `fetch("/web/nosuch.txt?"+Date.now()).then(() => true, () => false)`); ok {
		t.Fatal("the server still answers: the test is not offline")
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatalf("reloading offline: %v", err)
	}
	waitClient(t, ctx)
	waitFor(t, ctx, "the ready state offline", statusJS+`.dataset.state === "ready"`, 10*time.Second)
	if seed := evalJS[string](t, ctx, `document.getElementById("seed").value`); seed != "9" {
		t.Errorf("#seed offline: %q; want the link's 9", seed)
	}
	click(t, ctx, "#play")
	waitFor(t, ctx, "training offline", numberJS("step")+` > 0`, 30*time.Second)
}

// TestE2EStaticSite writes the static site (plasticity static), serves it
// with a plain file server, and opens share links there: at / and at
// /index.html (which some hosts serve as is), the client reaches the ready
// state with the link's settings.
func TestE2EStaticSite(t *testing.T) {
	needBrowser(t)
	testServer.url(t)
	out := filepath.Join(t.TempDir(), "site")
	if err := runCommand([]string{"static", "-web", filepath.Join(testServer.dir, "web"), "-out", out}); err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/index.html" { // as hosts that do not redirect it do
			http.ServeContent(w, r, "index.html", time.Time{}, mustOpen(t, filepath.Join(out, "index.html")))
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	for _, query := range []string{"?v=1&data=moons&seed=5", "index.html?v=1&data=moons&seed=5"} {
		t.Run(query, func(t *testing.T) {
			ctx, _ := openPageAt(t, srv.URL, query)
			waitClient(t, ctx)
			waitFor(t, ctx, "the ready state", statusJS+`.dataset.state === "ready"`, 10*time.Second)
			if seed := evalJS[string](t, ctx, `document.getElementById("seed").value`); seed != "5" {
				t.Errorf("#seed %q; want the link's 5", seed)
			}
			if on := evalJS[string](t, ctx, `document.querySelector('[id^="data-"][tabindex="0"]')?.dataset.key ?? ""`); on != "moons" {
				t.Errorf("dataset %q; want the link's moons", on)
			}
			if csp := evalJS[[]string](t, ctx, `window.__e2e.csp`); len(csp) > 0 {
				t.Errorf("Content-Security-Policy violations: %q", csp)
			}
		})
	}
}

func mustOpen(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// The command line, run as a child process: TestMainChild runs main with
// the arguments in PLASTICITY_ARGS (JSON) when PLASTICITY_CHILD is set,
// and skips otherwise. With PLASTICITY_CHILD=paniky it first registers a
// rule that panics, in the child only.
func TestMainChild(t *testing.T) {
	mode := os.Getenv("PLASTICITY_CHILD")
	if mode == "" {
		t.Skip("runs only as a child of TestRunPanicExits and TestServeSignal")
	}
	if mode == "paniky" {
		rule.Register(rule.Info{
			Key: "paniky-cli", Title: "Paniky (panics on purpose, command line)",
			New: func(net *nn.Net, _ rule.Hyper, _ *rand.Rand) rule.Rule { return &panikyCLI{net: net} },
		})
	}
	var args []string
	if err := json.Unmarshal([]byte(os.Getenv("PLASTICITY_ARGS")), &args); err != nil {
		t.Fatal(err)
	}
	os.Args = append([]string{"plasticity"}, args...)
	main() // exits with its status on an error
}

type panikyCLI struct {
	net   *nn.Net
	steps int
}

func (p *panikyCLI) Step(b *data.Batch) {
	if p.steps == 3 {
		panic("paniky-cli: a bug in Step")
	}
	p.steps++
	p.net.Forward(b.X, b.N)
	p.net.Backward(b.Y, nil)
}

// child returns the command that runs plasticity args in a child process.
func child(mode string, args ...string) *exec.Cmd {
	a, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestMainChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PLASTICITY_CHILD="+mode, "PLASTICITY_ARGS="+string(a))
	return cmd
}

// TestRunPanicExits: plasticity run on a rule that panics prints the
// records up to the failure, the last with state "error", then the message
// naming the rule on one line of stderr, and exits with status 1.
func TestRunPanicExits(t *testing.T) {
	cmd := child("paniky", "run", "rule=paniky-cli", "-epochs", "2")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v; want status 1\nstderr: %s", err, stderr.String())
	}
	const want = "plasticity: The rule Paniky (panics on purpose, command line) failed at step 3: paniky-cli: a bug in Step"
	if !strings.Contains(stderr.String(), want) || strings.Contains(stderr.String(), "goroutine ") {
		t.Errorf("stderr %q; want the line %q and no trace", stderr.String(), want)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var last struct{ State, Message string }
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || last.State != "error" || !strings.Contains(last.Message, "Paniky") {
		t.Errorf("last record %q (%v); want state error and the message", lines[len(lines)-1], err)
	}
}

// TestServeSignal starts plasticity serve in a child process, starts
// downloading a 32 MB app.wasm, and sends SIGTERM (then, in a second run,
// SIGINT): the server stops accepting connections at once, finishes the
// download in flight byte for byte, and exits with status 0.
func TestServeSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server: skipped with -short")
	}
	web := fakeWeb(t)
	big := make([]byte, 32<<20)
	rand.NewChaCha8([32]byte{7}).Read(big)
	if err := os.WriteFile(filepath.Join(web, "app.wasm"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(big)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := child("serve", "serve", "-addr", "127.0.0.1:0", "-web", web)
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			lines := make(chan string, 16)
			var log strings.Builder
			var mu sync.Mutex
			go func() {
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					mu.Lock()
					log.WriteString(sc.Text() + "\n")
					mu.Unlock()
					lines <- sc.Text()
				}
				close(lines)
			}()
			addr := ""
			for addr == "" {
				select {
				case line, ok := <-lines:
					if !ok {
						t.Fatalf("the server ended before serving:\n%s", log.String())
					}
					if _, a, found := strings.Cut(line, " on http://"); found {
						addr = a
					}
				case <-time.After(30 * time.Second):
					t.Fatal("the server did not start in 30 s")
				}
			}

			client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
			res, err := client.Get("http://" + addr + "/web/app.wasm")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			head := make([]byte, 1<<10)
			if _, err := io.ReadFull(res.Body, head); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			timeout := time.After(10 * time.Second)
			for shutting := false; !shutting; {
				select {
				case line, ok := <-lines:
					if !ok {
						err := cmd.Wait()
						mu.Lock()
						t.Fatalf("the server ended without shutting down (%v):\n%s", err, log.String())
					}
					shutting = strings.Contains(line, "shutting down")
				case <-timeout:
					t.Fatal("no shutdown 10 s after the signal")
				}
			}
			refused := false
			for deadline := time.Now().Add(5 * time.Second); !refused && time.Now().Before(deadline); {
				if conn, err := net.Dial("tcp", addr); err != nil {
					refused = true
				} else {
					conn.Close()
					time.Sleep(20 * time.Millisecond)
				}
			}
			if !refused {
				t.Error("the server still accepts connections after the signal")
			}
			h := sha256.New()
			h.Write(head)
			n, err := io.Copy(h, res.Body)
			if err != nil || int(n)+len(head) != len(big) || [32]byte(h.Sum(nil)) != want {
				t.Errorf("the download in flight: %d of %d bytes (%v), same bytes %v", int(n)+len(head), len(big), err, [32]byte(h.Sum(nil)) == want)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					mu.Lock()
					t.Errorf("exit: %v; want status 0\n%s", err, log.String())
					mu.Unlock()
				}
			case <-time.After(15 * time.Second):
				t.Fatal("the server did not exit 15 s after the signal")
			}
		})
	}
}

// TestStaticCommand: plasticity static needs -out.
func TestStaticCommand(t *testing.T) {
	if err := runCommand([]string{"static"}); err != errUsage {
		t.Errorf("static without -out: %v, want a usage error", err)
	}
	out := filepath.Join(t.TempDir(), "site")
	if err := runCommand([]string{"static", "-web", filepath.Join(t.TempDir(), "nosuch"), "-out", out}); err == nil {
		t.Error("static from a missing web directory: no error")
	}
}
