//go:build !wasm

package main

// Browser tests of accessibility and screens (issue 11): an automated audit
// with axe-core, the keyboard alone from load to a trained run, a phone's
// screen and a projector's, and the maps' palette following the system's
// colour scheme and contrast.
//
// axe-core is not in the repository: make test (and make axe) fetch it from
// the npm registry into .cache/axe/ and pass its path in AXE_JS. Without it
// the audit skips with a hint, unless E2E_REQUIRE_BROWSER=1, where it fails.

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeSource returns the text of axe.min.js: $AXE_JS, or the newest
// .cache/axe/axe-core-*.min.js. It skips the test without one (fails it
// when E2E_REQUIRE_BROWSER=1).
func axeSource(t *testing.T) string {
	t.Helper()
	src := axeSourceIfAny()
	if src == "" {
		hint := "axe-core not found (run make axe: it fetches axe-core from the npm registry into .cache/axe/)"
		if os.Getenv("E2E_REQUIRE_BROWSER") == "1" {
			t.Fatal(hint + " (E2E_REQUIRE_BROWSER=1)")
		}
		t.Skip(hint)
	}
	return src
}

// axeSourceIfAny returns axe.min.js as axeSource does, or "" without one
// (for tests whose audit is a bonus).
func axeSourceIfAny() string {
	path := os.Getenv("AXE_JS")
	if path == "" {
		found, _ := filepath.Glob(filepath.Join(".cache", "axe", "axe-core-*.min.js"))
		slices.Sort(found)
		if len(found) == 0 {
			return ""
		}
		path = found[len(found)-1]
	}
	src, _ := os.ReadFile(path)
	return string(src)
}

// violation is one rule axe-core found broken, with a few of the elements
// that break it.
type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// audit injects axe-core (once per page) and runs it over the document.
// It fails the test on every serious or critical violation and logs the
// others.
func audit(t *testing.T, ctx context.Context, src, what string) {
	t.Helper()
	if !evalJS[bool](t, ctx, `typeof window.axe === "object"`) {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](src+"\n;undefined")); err != nil {
			t.Fatalf("injecting axe-core: %v", err)
		}
	}
	vs := evalJS[[]violation](t, ctx, `axe.run(document, {resultTypes: ["violations"]}).then((r) => r.violations.map((v) => ({
  id: v.id, impact: v.impact || "", help: v.help,
  nodes: v.nodes.slice(0, 6).map((n) => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " ")),
})))`)
	for _, v := range vs {
		msg := fmt.Sprintf("%s: axe %s (%s): %s\n\t%s", what, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
	t.Logf("%s: %d violations", what, len(vs))
}

// press sends keys to the page as a keyboard would, to the focused element.
func press(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
		t.Fatalf("pressing %q: %v", keys, err)
	}
}

// emulateMedia sets the media features the page sees (nil: none); the page
// follows a change without a reload.
func emulateMedia(t *testing.T, ctx context.Context, features ...string) {
	t.Helper()
	var fs []*emulation.MediaFeature
	for i := 0; i+1 < len(features); i += 2 {
		fs = append(fs, &emulation.MediaFeature{Name: features[i], Value: features[i+1]})
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: fs}); err != nil {
		t.Fatalf("emulating %v: %v", features, err)
	}
}

// activeJS evaluates to a description of the focused element.
const activeJS = `(() => { const a = document.activeElement; return a ? a.tagName + "#" + a.id + "." + a.className : ""; })()`

// TestA11yAudit runs axe-core over the page in the states a student meets:
// after training, with the help overlay open, in the dark colour scheme, a
// comparison in high contrast, projector mode, and the share dialog.
func TestA11yAudit(t *testing.T) {
	needBrowser(t)
	src := axeSource(t)
	ctx, _ := openPage(t, "?data=spiral&epochs=1&play=1")
	waitClient(t, ctx)
	waitFor(t, ctx, "the run to stop after an epoch", statusJS+`.dataset.state === "paused"`, time.Minute)
	audit(t, ctx, src, "trained, light")

	press(t, ctx, "?")
	waitFor(t, ctx, "the help overlay", `!!document.querySelector("#help-dialog .dialog")`, 5*time.Second)
	audit(t, ctx, src, "help overlay")
	wholePage(t, ctx, "help")
	press(t, ctx, kb.Escape)
	waitFor(t, ctx, "the help overlay to close", `!document.querySelector("#help-dialog .dialog")`, 5*time.Second)

	emulateMedia(t, ctx, "prefers-color-scheme", "dark")
	audit(t, ctx, src, "dark")
	wholePage(t, ctx, "dark")
	emulateMedia(t, ctx)

	if err := chromedp.Do(ctx, chromedp.Navigate(testServer.url(t)+"/?data=moons&cmp=fa,dfa&epochs=1&play=1&view=contrast")); err != nil {
		t.Fatal(err)
	}
	waitClient(t, ctx)
	waitFor(t, ctx, "the comparison to stop after an epoch", statusJS+`.dataset.state === "paused"`, time.Minute)
	audit(t, ctx, src, "comparison, high contrast")
	emulateMedia(t, ctx, "prefers-color-scheme", "dark")
	audit(t, ctx, src, "comparison, high contrast, dark")
	emulateMedia(t, ctx)

	if err := chromedp.Do(ctx, chromedp.Navigate(testServer.url(t)+"/?rule=ff&act=relu&data=moons&epochs=1&play=1&view=projector")); err != nil {
		t.Fatal(err)
	}
	waitClient(t, ctx)
	waitFor(t, ctx, "the run to stop after an epoch", statusJS+`.dataset.state === "paused"`, time.Minute)
	audit(t, ctx, src, "projector, forward-forward diagnostics")

	if err := chromedp.Do(ctx, chromedp.Navigate(testServer.url(t)+"/?data=xor")); err != nil {
		t.Fatal(err)
	}
	waitClient(t, ctx)
	click(t, ctx, "#share")
	waitFor(t, ctx, "the share dialog", `!!document.querySelector("#share-dialog .dialog")`, 10*time.Second)
	audit(t, ctx, src, "share dialog")

	// The drawing map of one's own points, which takes keys itself.
	if err := chromedp.Do(ctx, chromedp.Navigate(testServer.url(t)+"/?data=drawn")); err != nil {
		t.Fatal(err)
	}
	waitClient(t, ctx)
	waitFor(t, ctx, "the drawing map", `!!document.querySelector(".map-box.drawable")`, 10*time.Second)
	audit(t, ctx, src, "drawing your own points")
}

// TestA11yKeyboard trains with the keyboard alone: the shortcuts step,
// play, pause and reset; Tab reaches the play button (its focus ring
// visible) and Enter trains to a good accuracy; letters typed in a field
// stay there; the help overlay opens with ?, keeps the focus inside,
// closes with Escape and gives the focus back.
func TestA11yKeyboard(t *testing.T) {
	ctx, _ := openPage(t, "?data=xor")
	waitClient(t, ctx)

	// Shortcuts, with the focus on the page.
	press(t, ctx, "s")
	waitFor(t, ctx, "S to step", numberJS("step")+` === 1`, 5*time.Second)
	press(t, ctx, kb.ArrowRight)
	waitFor(t, ctx, "→ to step", numberJS("step")+` === 2`, 5*time.Second)
	press(t, ctx, " ")
	waitFor(t, ctx, "Space to play", statusJS+`.dataset.state === "running"`, 5*time.Second)
	waitFor(t, ctx, "training to go on", numberJS("step")+` > 2`, 10*time.Second)
	press(t, ctx, " ")
	waitFor(t, ctx, "Space to pause", statusJS+`.dataset.state === "paused"`, 5*time.Second)
	if evalJS[string](t, ctx, `document.getElementById("status-summary").textContent`) == "" {
		t.Error("the live summary (#status-summary) is empty")
	}
	press(t, ctx, "r")
	waitFor(t, ctx, "R to reset", numberJS("step")+` === 0`, 5*time.Second)

	// From the top of the page to #play by Tab alone, and Enter to train.
	tabs := 0
	for ; tabs < 20 && evalJS[string](t, ctx, `document.activeElement?.id ?? ""`) != "play"; tabs++ {
		press(t, ctx, kb.Tab)
	}
	if id := evalJS[string](t, ctx, `document.activeElement?.id ?? ""`); id != "play" {
		t.Fatalf("20 Tabs did not reach #play; the focus is on %s", evalJS[string](t, ctx, activeJS))
	}
	ring := evalJS[map[string]string](t, ctx, `(() => { const s = getComputedStyle(document.activeElement); return {style: s.outlineStyle, width: s.outlineWidth}; })()`)
	if ring["style"] == "none" || ring["width"] == "0px" {
		t.Errorf("#play has the focus with no visible ring: outline %v", ring)
	}
	t.Logf("#play is Tab number %d; its focus ring: %v", tabs, ring)
	press(t, ctx, kb.Enter)
	waitFor(t, ctx, "the run to train to a train accuracy above 90%", numberJS("train-acc")+` > 0.9`, time.Minute)
	press(t, ctx, kb.Enter)
	waitFor(t, ctx, "Enter on #play to pause", statusJS+`.dataset.state === "paused"`, 5*time.Second)

	// Not while typing: letters in the learning rate's field stay there.
	// (A run that trains in a worker reports its last steps just after the
	// pause: wait for the figures to settle.)
	step := evalJS[float64](t, ctx, numberJS("step"))
	for deadline := time.Now().Add(10 * time.Second); ; step = evalJS[float64](t, ctx, numberJS("step")) {
		time.Sleep(400 * time.Millisecond)
		if evalJS[float64](t, ctx, numberJS("step")) == step {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the step still moves 10 s after the pause")
		}
	}
	evalJS[bool](t, ctx, `(document.getElementById("lr").focus(), true)`)
	press(t, ctx, "sr ")
	time.Sleep(300 * time.Millisecond)
	if got := evalJS[float64](t, ctx, numberJS("step")); got != step {
		t.Errorf("typing in #lr moved the run from step %v to %v", step, got)
	}
	if s := evalJS[string](t, ctx, statusJS+`.dataset.state`); s != "paused" {
		t.Errorf("typing a space in #lr: state %s", s)
	}

	// The help overlay.
	evalJS[bool](t, ctx, `(document.getElementById("step").focus(), true)`)
	press(t, ctx, "?")
	waitFor(t, ctx, "the help overlay to take the focus", `!!document.activeElement?.closest("#help-dialog .dialog")`, 5*time.Second)
	if m := evalJS[string](t, ctx, `document.querySelector("#help-dialog [role=dialog]").getAttribute("aria-modal")`); m != "true" {
		t.Errorf("the help dialog's aria-modal is %q", m)
	}
	for _, want := range []string{"Space", "Reset", "Decision map", "Loss"} {
		if !strings.Contains(text(t, ctx, "#help-dialog"), want) {
			t.Errorf("the help overlay does not mention %q", want)
		}
	}
	for i := 0; i < 12; i++ {
		press(t, ctx, kb.Tab)
		if !evalJS[bool](t, ctx, `!!document.activeElement?.closest("#help-dialog .dialog")`) {
			t.Fatalf("Tab %d left the help overlay for %s", i+1, evalJS[string](t, ctx, activeJS))
		}
	}
	press(t, ctx, kb.Escape)
	waitFor(t, ctx, "Escape to close the overlay and give the focus back to #step",
		`!document.querySelector("#help-dialog .dialog") && document.activeElement?.id === "step"`, 5*time.Second)
}

// TestA11yScreens opens the page on a phone (360×740, touch) and a large
// screen (1920×1080): nothing scrolls sideways, the key controls are in
// view and, on the phone, large enough to tap; the decision map is large
// enough to read; and, when axe-core is at hand, the audit passes.
func TestA11yScreens(t *testing.T) {
	for _, test := range []struct {
		name          string
		width, height int64
		touch         bool
		minTap        float64 // px: the key controls' height and width
		minMap        float64 // px: the decision map's width
	}{
		{"phone", 360, 740, true, 44, 280},
		{"desktop", 1920, 1080, false, 30, 300},
	} {
		t.Run(test.name, func(t *testing.T) {
			ctx, _ := openPage(t, "?data=spiral&epochs=1&play=1")
			opts := []chromedp.EmulateViewportOption{}
			if test.touch {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait, chromedp.EmulateScale(2))
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(test.width, test.height, opts...)); err != nil {
				t.Fatal(err)
			}
			// Reload, so that the page starts with the emulated screen and
			// its pointer.
			if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
				t.Fatal(err)
			}
			waitClient(t, ctx)
			waitFor(t, ctx, "the run to stop after an epoch", statusJS+`.dataset.state === "paused"`, time.Minute)
			if test.touch && !evalJS[bool](t, ctx, `matchMedia("(pointer: coarse)").matches`) {
				t.Error("the emulated phone has no coarse pointer")
			}
			m := evalJS[map[string]float64](t, ctx, `({inner: innerWidth, scroll: document.documentElement.scrollWidth, body: document.body.scrollWidth})`)
			if m["scroll"] > m["inner"] || m["body"] > m["inner"] {
				wide := evalJS[[]string](t, ctx, `[...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5 && e.getClientRects().length).slice(0, 8).map((e) => e.tagName + "#" + e.id + "." + e.className.baseVal + e.className)`)
				t.Errorf("the page scrolls sideways: %v wide in a %v window; too wide: %q", m["scroll"], m["inner"], wide)
			}
			boxes := evalJS[map[string]map[string]float64](t, ctx, `(() => {
  const o = {};
  for (const id of ["play", "step", "reset", "help", "share", "copy-link", "speed", "decision-map", "rule", "lr"]) {
    const e = document.getElementById(id); if (!e) continue;
    const r = e.getBoundingClientRect();
    o[id] = {left: r.left, right: r.right, width: r.width, height: r.height, shown: e.getClientRects().length};
  }
  return o;
})()`)
			for _, id := range []string{"play", "step", "reset", "help", "share", "decision-map", "rule", "lr"} {
				b, ok := boxes[id]
				switch {
				case !ok || b["shown"] == 0:
					t.Errorf("#%s is not shown", id)
				case b["left"] < 0 || b["right"] > float64(test.width)+0.5:
					t.Errorf("#%s is out of view: %v", id, b)
				case id == "decision-map" && b["width"] < test.minMap:
					t.Errorf("the decision map is %.0f px wide, want at least %.0f", b["width"], test.minMap)
				case id != "decision-map" && (b["height"] < test.minTap || b["width"] < test.minTap):
					t.Errorf("#%s is %.0f×%.0f px, want at least %.0f×%.0f to tap", id, b["width"], b["height"], test.minTap, test.minTap)
				}
			}
			if test.touch {
				small := evalJS[[]string](t, ctx, `[...document.querySelectorAll("button, select, input, a[href], summary")].filter((e) => {
  if (!e.getClientRects().length || e.closest("[hidden]")) return false;
  if (e.tagName === "A" && getComputedStyle(e).display === "inline") return false; // a link in a sentence: WCAG 2.5.8's exception
  const r = e.getBoundingClientRect();
  return r.height < 24 || r.width < 24;
}).slice(0, 10).map((e) => e.tagName + "#" + e.id + "." + e.className + " " + Math.round(e.getBoundingClientRect().width) + "×" + Math.round(e.getBoundingClientRect().height))`)
				if len(small) > 0 {
					t.Errorf("controls smaller than 24×24 px (WCAG 2.5.8): %q", small)
				}
			}
			if src := axeSourceIfAny(); src != "" {
				audit(t, ctx, src, test.name)
			}
			wholePage(t, ctx, test.name)
		})
	}
}

// wholePage saves a picture of the whole page, to look at, as
// $TMPDIR/plasticity-e2e/screen-<name>.png.
func wholePage(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return
	}
	path := filepath.Join(os.TempDir(), "plasticity-e2e", "screen-"+name+".png")
	if os.MkdirAll(filepath.Dir(path), 0o755) == nil && os.WriteFile(path, shot, 0o644) == nil {
		t.Logf("the whole page: %s", path)
	}
}

// TestA11yProjector opens a projector link: large type and thick lines,
// few controls; P leaves projector mode without resetting the run, and the
// link follows.
func TestA11yProjector(t *testing.T) {
	ctx, _ := openPage(t, "?data=spiral&epochs=1&play=1&view=projector")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1920, 1080)); err != nil {
		t.Fatal(err)
	}
	waitClient(t, ctx)
	waitFor(t, ctx, "the run to stop after an epoch", statusJS+`.dataset.state === "paused"`, time.Minute)
	look := func() map[string]any {
		return evalJS[map[string]any](t, ctx, `(() => {
  const shown = (id) => { const e = document.getElementById(id); return !!e && e.getClientRects().length > 0; };
  const line = document.querySelector("#chart-loss path.line");
  return {
    projector: document.querySelector(".app").classList.contains("view-projector"),
    pressed: document.getElementById("projector").getAttribute("aria-pressed"),
    lr: shown("lr"), data: shown("data-spiral"), play: shown("play"), map: shown("decision-map"),
    line: line ? parseFloat(getComputedStyle(line).strokeWidth) : 0,
    figure: parseFloat(getComputedStyle(document.querySelector(".figures dd")).fontSize) * (parseFloat(getComputedStyle(document.querySelector(".topbar")).zoom) || 1),
    link: location.search,
  };
})()`)
	}
	on := look()
	wholePage(t, ctx, "projector")
	if on["projector"] != true || on["pressed"] != "true" || on["lr"] != false || on["data"] != false || on["play"] != true || on["map"] != true {
		t.Errorf("projector mode: %v; want the class, #projector pressed, #lr and the dataset picker hidden, #play and the map shown", on)
	}
	if w, _ := on["line"].(float64); w < 3 {
		t.Errorf("projector mode: the loss curve is %v wide, want thick lines", on["line"])
	}
	if f, _ := on["figure"].(float64); f < 24 {
		t.Errorf("projector mode: the figures are %v px, want large type", on["figure"])
	}
	step := statusAttrs(t, ctx)["data-step"]
	evalJS[bool](t, ctx, `(document.activeElement.blur(), true)`)
	press(t, ctx, "p")
	waitFor(t, ctx, "P to leave projector mode", `!document.querySelector(".app").classList.contains("view-projector")`, 5*time.Second)
	off := look()
	if off["pressed"] != "false" || off["lr"] != true || strings.Contains(fmt.Sprint(off["link"]), "view=") {
		t.Errorf("after P: %v; want #projector not pressed, #lr shown, no view= in the link", off)
	}
	if got := statusAttrs(t, ctx)["data-step"]; got != step {
		t.Errorf("leaving projector mode moved the run from step %s to %s", step, got)
	}
}

// TestA11yThemes checks that the maps follow the system's colour scheme
// and contrast, and the link's view=contrast: the corner of a dataset's
// thumbnail (no point there) takes the palette's background
// (core/run/palette.go).
func TestA11yThemes(t *testing.T) {
	ctx, _ := openPage(t, "?data=spiral")
	waitClient(t, ctx)
	corner := func() string {
		return evalJS[string](t, ctx, `(() => {
  const c = document.getElementById("thumb-spiral"), d = c.getContext("2d").getImageData(0, 0, 1, 1).data;
  return "#" + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, "0")).join("");
})()`)
	}
	for _, test := range []struct {
		name     string
		features []string
		want     string // the palette's Background
	}{
		{"light", nil, "#f2f2ee"},
		{"dark", []string{"prefers-color-scheme", "dark"}, "#1d2127"},
		{"dark, more contrast", []string{"prefers-color-scheme", "dark", "prefers-contrast", "more"}, "#000000"},
		{"light, more contrast", []string{"prefers-contrast", "more"}, "#ffffff"},
		{"light again", nil, "#f2f2ee"},
	} {
		emulateMedia(t, ctx, test.features...)
		q, _ := json.Marshal(test.want)
		waitFor(t, ctx, test.name+": the thumbnail's background "+test.want,
			`(() => { const c = document.getElementById("thumb-spiral"), d = c.getContext("2d").getImageData(0, 0, 1, 1).data;
  return "#" + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, "0")).join("") === `+string(q)+`; })()`, 5*time.Second)
		t.Logf("%s: %s", test.name, corner())
	}
	// The link's view=contrast, in the light scheme.
	if err := chromedp.Do(ctx, chromedp.Navigate(testServer.url(t)+"/?data=spiral&view=contrast")); err != nil {
		t.Fatal(err)
	}
	waitClient(t, ctx)
	waitFor(t, ctx, "view=contrast: a white background", `document.querySelector(".app").classList.contains("contrast")`, 5*time.Second)
	if got := corner(); got != "#ffffff" {
		t.Errorf("view=contrast: the thumbnail's background is %s, want #ffffff", got)
	}
}

// TestA11yThemesWhileTraining: the maps painted while training (by the
// training workers) take the page's palette too, not only those the page
// paints itself: in the dark scheme the decision map's mean brightness
// while running matches the one the page paints once paused, within a
// little (the boundary moves between the two readings).
func TestA11yThemesWhileTraining(t *testing.T) {
	ctx, _ := openPage(t, "?data=spiral")
	waitClient(t, ctx)
	emulateMedia(t, ctx, "prefers-color-scheme", "dark")
	const brightness = `(() => {
  const c = document.getElementById("decision-map"), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i] + d[i+1] + d[i+2];
  return s / (3 * 255 * d.length / 4);
})()`
	click(t, ctx, "#play")
	waitFor(t, ctx, "training", numberJS("step")+` > 300`, 30*time.Second)
	time.Sleep(300 * time.Millisecond) // a few frames painted by the worker
	running := evalJS[float64](t, ctx, brightness)
	click(t, ctx, "#play")
	waitFor(t, ctx, "paused", statusJS+`.dataset.state === "paused"`, 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	paused := evalJS[float64](t, ctx, brightness)
	t.Logf("dark scheme: the decision map's mean brightness %.3f while training, %.3f paused", running, paused)
	if math.Abs(running-paused) > 0.1 {
		t.Errorf("the map painted while training has mean brightness %.3f, the page's once paused %.3f: not the same palette", running, paused)
	}
}
