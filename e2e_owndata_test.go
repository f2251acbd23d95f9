//go:build !wasm

package main

// Browser tests of the user's own data (app/owndata.go): points drawn on
// the decision map with a mouse and by touch, and CSV files uploaded
// through #csv-file, good and bad.

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"plasticity/core/data"
)

// mapPoint returns the viewport coordinates of the point (x, y) of the
// plane on the drawing map, after scrolling the map into view.
func mapPoint(t *testing.T, ctx context.Context, x, y float64) (float64, float64) {
	t.Helper()
	r := evalJS[map[string]float64](t, ctx, `(() => {
  const b = document.querySelector(".map-box.drawable");
  b.scrollIntoView({block: "center"});
  const r = b.getBoundingClientRect();
  return {left: r.left, top: r.top, width: r.width, height: r.height};
})()`)
	return r["left"] + (x+1)/2*r["width"], r["top"] + (1-y)/2*r["height"]
}

// clickCentered clicks the element sel after scrolling it to the middle
// of the window, clear of the sticky top bar.
func clickCentered(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	evalJS[bool](t, ctx, `(() => { document.querySelector(`+"`"+sel+"`"+`).scrollIntoView({block: "center"}); return true; })()`)
	click(t, ctx, sel)
}

// linkPoints returns the points the page's address carries.
func linkPoints(t *testing.T, ctx context.Context) []data.Point {
	t.Helper()
	q, err := url.ParseQuery(strings.TrimPrefix(evalJS[string](t, ctx, `location.search`), "?"))
	if err != nil {
		t.Fatal(err)
	}
	ps, err := data.ParsePoints(q.Get("points"))
	if err != nil {
		t.Fatalf("the link's points %q: %v", q.Get("points"), err)
	}
	return ps
}

// pointsInLink is a condition: the address carries n points.
func pointsInLink(n int) string {
	return fmt.Sprintf(`(new URLSearchParams(location.search).get("points") ?? "x").length === %d`, 3*n)
}

func TestOwnDataDraw(t *testing.T) {
	ctx, _ := openPage(t, "?data=drawn&points=&hidden=6&act=relu&lr=0.05")
	waitClient(t, ctx)
	waitFor(t, ctx, "the drawing tools on a blank plane", `!!document.querySelector("#draw-tools") && !!document.querySelector(".map-box.drawable")`, 10*time.Second)
	if n := text(t, ctx, "#notice"); !strings.Contains(n, "blank") {
		t.Errorf("#notice %q does not say the plane is blank", n)
	}
	// Class 0 with the mouse, top left.
	want := [][3]float64{{-0.6, 0.5, 0}, {-0.5, 0.7, 0}, {-0.7, 0.6, 0}, {0.6, -0.5, 1}, {0.5, -0.7, 1}, {0.7, -0.6, 1}}
	for i, p := range want[:3] {
		x, y := mapPoint(t, ctx, p[0], p[1])
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, fmt.Sprintf("point %d in the link", i+1), pointsInLink(i+1), 10*time.Second)
	}
	// Class 1 by touch, bottom right.
	clickCentered(t, ctx, "#draw-class-1")
	waitFor(t, ctx, "class 1 selected", `document.querySelector("#draw-class-1").getAttribute("aria-checked") === "true"`, 5*time.Second)
	for i, p := range want[3:] {
		x, y := mapPoint(t, ctx, p[0], p[1])
		tap(t, ctx, x, y)
		waitFor(t, ctx, fmt.Sprintf("tapped point %d in the link", i+4), pointsInLink(i+4), 10*time.Second)
	}
	ps := linkPoints(t, ctx)
	for i, p := range ps {
		x, y := p.Coords()
		w := want[i]
		// Tolerance: a grid level (2/127) plus a pixel of a map of about 300.
		if d := 2.0/127 + 2.0/250; abs(x-w[0]) > d || abs(y-w[1]) > d || int(p.Class) != int(w[2]) {
			t.Errorf("point %d: got (%.3f, %.3f) class %d, want (%g, %g) class %g", i+1, x, y, p.Class, w[0], w[1], w[2])
		}
	}
	waitFor(t, ctx, "a run on the drawing", statusJS+`.dataset.state === "ready"`, 10*time.Second)
	if n := evalJS[int](t, ctx, `document.querySelectorAll(".points path.pt-train").length`); n < 2 {
		t.Errorf("%d groups of training points drawn, want 2", n)
	}

	// Drag through the top-left cluster: its points go.
	path := [][2]float64{{-0.75, 0.6}, {-0.7, 0.6}, {-0.6, 0.5}, {-0.5, 0.7}}
	x0, y0 := mapPoint(t, ctx, path[0][0], path[0][1])
	drag := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1))}
	for k := 1; k < len(path); k++ {
		for j := 1; j <= 4; j++ {
			f := float64(j) / 4
			x, y := mapPoint(t, ctx, path[k-1][0]+f*(path[k][0]-path[k-1][0]), path[k-1][1]+f*(path[k][1]-path[k-1][1]))
			drag = append(drag, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y, chromedp.ButtonLeft),
				chromedp.Sleep(60*time.Millisecond))
		}
	}
	x1, y1 := mapPoint(t, ctx, path[len(path)-1][0], path[len(path)-1][1])
	drag = append(drag, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	if err := chromedp.Do(ctx, drag...); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the cluster erased by a drag", pointsInLink(3), 10*time.Second)
	left := linkPoints(t, ctx)
	ones := 0
	for _, p := range left {
		if p.Class == 1 {
			ones++
		}
	}
	if ones != 3 || len(left) != 3 {
		t.Errorf("after erasing the top left: %d points, %d of class 1; want the 3 of class 1 alone", len(left), ones)
	}
	// Draw the class-0 points back, then train.
	clickCentered(t, ctx, "#draw-class-0")
	for _, p := range want[:2] {
		x, y := mapPoint(t, ctx, p[0], p[1])
		n := len(linkPoints(t, ctx))
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "a point drawn back", pointsInLink(n+1), 10*time.Second)
	}
	click(t, ctx, "#play")
	waitFor(t, ctx, "training on the drawing", numberJS("step")+` > 20 && !isNaN(`+numberJS("train-acc")+`)`, 30*time.Second)
	waitFor(t, ctx, "the drawing learnt", numberJS("train-acc")+` >= 0.99`, time.Minute)
	if link := evalJS[string](t, ctx, `location.search`); !strings.Contains(link, "data=drawn") {
		t.Errorf("the link %q lost the drawing", link)
	}
}

// tap taps the viewport at (x, y) with one finger.
func tap(t *testing.T, ctx context.Context, x, y float64) {
	t.Helper()
	if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{
		Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: x, Y: y}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{
		Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}}); err != nil {
		t.Fatal(err)
	}
}

// touchAction is an action that dispatches the touch event p.
func touchAction(p input.DispatchTouchEventParams) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, p)
		return err
	})
}

// TestOwnDataDrawPhone draws by tapping on a phone's screen (360×740,
// touch): the tools fit the width, and each tap adds a point to the link.
func TestOwnDataDrawPhone(t *testing.T) {
	ctx, _ := openPage(t, "?data=drawn&points=")
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5}); err != nil {
		t.Fatal(err)
	}
	waitClient(t, ctx)
	waitFor(t, ctx, "the drawing tools", `!!document.querySelector("#draw-tools") && !!document.querySelector(".map-box.drawable")`, 10*time.Second)
	if right := evalJS[float64](t, ctx, `document.querySelector("#draw-tools").getBoundingClientRect().right`); right > 360 {
		t.Errorf("the drawing tools reach %g px on a 360-px screen", right)
	}
	for i, p := range [][2]float64{{-0.5, 0.5}, {0.5, -0.5}} {
		x, y := mapPoint(t, ctx, p[0], p[1])
		tap(t, ctx, x, y)
		waitFor(t, ctx, fmt.Sprintf("tap %d in the link", i+1), pointsInLink(i+1), 10*time.Second)
	}
	clickCentered(t, ctx, "#draw-class-1")
	x, y := mapPoint(t, ctx, 0.5, 0.5)
	tap(t, ctx, x, y)
	waitFor(t, ctx, "a tap of class 1", pointsInLink(3), 10*time.Second)
	if ps := linkPoints(t, ctx); ps[2].Class != 1 || ps[0].Class != 0 {
		t.Errorf("got classes %d, %d, %d; want 0, 0, 1", ps[0].Class, ps[1].Class, ps[2].Class)
	}
	waitFor(t, ctx, "a run on the taps", statusJS+`.dataset.state === "ready"`, 10*time.Second)

	// A finger's swipe over a point leaves it (a swipe scrolls); with the
	// eraser on, the same swipe erases it.
	swipe := func() {
		t.Helper()
		x0, y0 := mapPoint(t, ctx, 0.3, 0.5)
		x1, _ := mapPoint(t, ctx, 0.7, 0.5)
		acts := []chromedp.Action[chromedp.Void]{touchAction(input.DispatchTouchEventParams{
			Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: x0, Y: y0}}})}
		for k := 1; k <= 10; k++ {
			acts = append(acts, touchAction(input.DispatchTouchEventParams{
				Type: input.DispatchTouchEventTypeTouchMove, TouchPoints: []*input.TouchPoint{{X: x0 + float64(k)/10*(x1-x0), Y: y0}}}),
				chromedp.Sleep(50*time.Millisecond))
		}
		acts = append(acts, touchAction(input.DispatchTouchEventParams{
			Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}}))
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatal(err)
		}
	}
	swipe()
	time.Sleep(500 * time.Millisecond)
	if n := len(linkPoints(t, ctx)); n != 3 {
		t.Errorf("a swipe without the eraser left %d points, want 3", n)
	}
	clickCentered(t, ctx, "#draw-eraser")
	waitFor(t, ctx, "the eraser on", `!!document.querySelector(".map-box.drawable.erasing")`, 5*time.Second)
	swipe()
	waitFor(t, ctx, "the swiped point erased", pointsInLink(2), 10*time.Second)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestOwnDataCSV(t *testing.T) {
	dir := t.TempDir()
	var good strings.Builder
	good.WriteString("width,height,kind\n")
	for i := 0; i < 30; i++ {
		f := float64(i)
		fmt.Fprintf(&good, "%g,%g,small\n%g,%g,large\n", 1+0.1*f, 2+0.05*f, 5+0.1*f, 7-0.05*f)
	}
	files := map[string]string{
		"good.csv": good.String(),
		"bad.csv":  "a,b,label\n1,2,x\n3,4,y\n5,oops,x\n",
		"wide.csv": "1,2,3,4,a\n2,3,4,5,b\n1,1,3,4,a\n5,3,4,5,b\n2,2,3,3,a\n4,3,4,5,b\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	upload := func(ctx context.Context, name string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#csv-file"), []string{filepath.Join(dir, name)})); err != nil {
			t.Fatalf("uploading %s: %v", name, err)
		}
	}

	ctx, _ := openPage(t, "?hidden=8&lr=0.05")
	waitClient(t, ctx)
	upload(ctx, "good.csv")
	waitFor(t, ctx, "the file in the link", `location.search.includes("data=csv") && location.search.includes("csv=good.csv%3A") || location.search.includes("csv=good.csv:")`, 15*time.Second)
	waitFor(t, ctx, "the file loaded", `!!document.querySelector("#csv-loaded")`, 5*time.Second)
	if s := text(t, ctx, "#csv-loaded"); !strings.Contains(s, "60 rows, 2 inputs, 2 classes") {
		t.Errorf("#csv-loaded says %q", s)
	}
	waitFor(t, ctx, "a map of the file's plane", `!!document.querySelector("#decision-map")`, 5*time.Second)
	click(t, ctx, "#play")
	waitFor(t, ctx, "training on the file", numberJS("step")+` > 10 && !isNaN(`+numberJS("train-acc")+`)`, 30*time.Second)
	click(t, ctx, "#play")
	waitFor(t, ctx, "the paused state", statusJS+`.dataset.state === "paused"`, 5*time.Second)
	link, before := evalJS[string](t, ctx, `location.search`), statusAttrs(t, ctx)

	// A malformed file: the error names the line, and nothing changes.
	upload(ctx, "bad.csv")
	waitFor(t, ctx, "the error", `!!document.querySelector("#csv-error")`, 15*time.Second)
	if s := text(t, ctx, "#csv-error"); !strings.Contains(s, "line 4") || !strings.Contains(s, `"oops" is not a number`) {
		t.Errorf("#csv-error says %q, want line 4 and the bad field", s)
	}
	after := statusAttrs(t, ctx)
	if l := evalJS[string](t, ctx, `location.search`); l != link {
		t.Errorf("a bad file changed the link from %q to %q", link, l)
	}
	for _, k := range []string{"data-state", "data-step", "data-train-loss", "data-train-acc"} {
		if before[k] != after[k] {
			t.Errorf("a bad file changed %s from %q to %q", k, before[k], after[k])
		}
	}
	if s := text(t, ctx, "#csv-loaded"); !strings.Contains(s, "good.csv") {
		t.Errorf("after a bad file, #csv-loaded says %q; want the good file still", s)
	}

	// The share dialog says the link cannot carry the file.
	click(t, ctx, "#share")
	waitFor(t, ctx, "the share dialog's note", `!!document.querySelector("#share-note")`, 5*time.Second)
	if s := text(t, ctx, "#share-note"); !strings.Contains(s, "upload the same file") {
		t.Errorf("#share-note says %q", s)
	}
	click(t, ctx, "#share-close")

	// Four columns: no plane, and the page says why; training runs.
	upload(ctx, "wide.csv")
	waitFor(t, ctx, "the wide file in the link", `location.search.includes("wide.csv")`, 15*time.Second)
	waitFor(t, ctx, "the note on dimensions", `!!document.querySelector("#plane-note") && !document.querySelector("#decision-map")`, 5*time.Second)
	if s := text(t, ctx, "#plane-note"); !strings.Contains(s, "4 input columns") {
		t.Errorf("#plane-note says %q", s)
	}
	click(t, ctx, "#play")
	waitFor(t, ctx, "training on the wide file", numberJS("step")+` > 5`, 30*time.Second)
	if s := text(t, ctx, "#csv-error"); s != "" {
		t.Errorf("the good upload left the old error %q", s)
	}
}

// TestOwnDataRunCSV runs `plasticity run LINK -csv FILE` (no browser): a
// good file trains, a bad one fails with its line, and a link naming
// another file is refused.
func TestOwnDataRunCSV(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.csv"), filepath.Join(dir, "bad.csv")
	os.WriteFile(good, []byte("x,y,c\n1,2,a\n3,4,b\n1.5,2,a\n3,4.5,b\n1,2.5,a\n3.5,4,b\n"), 0o644)
	os.WriteFile(bad, []byte("1,2,a\n3,,b\n"), 0o644)
	t.Cleanup(func() { data.SetCSV(nil) })

	out, err := captureStdout(t, func() error { return runHeadless([]string{"hidden=4&epochs=2", "-csv", good}) })
	if err != nil {
		t.Fatalf("a good file: %v", err)
	}
	if lines := strings.Count(out, "\n"); lines != 3 || !strings.Contains(out, `"train_acc"`) {
		t.Errorf("a good file: got %d lines:\n%s", lines, out)
	}
	if _, err := captureStdout(t, func() error { return runHeadless([]string{"v=1", "-csv", bad}) }); err == nil || !strings.Contains(err.Error(), "line 2: column 2 (x2): empty") {
		t.Errorf("a bad file: got %v, want its line", err)
	}
	if _, err := captureStdout(t, func() error {
		return runHeadless([]string{"v=1&data=csv&csv=good.csv:00000000", "-csv", good})
	}); err == nil || !strings.Contains(err.Error(), "another file") {
		t.Errorf("a link naming another file: got %v", err)
	}
}

// captureStdout runs f with the standard output going to a file, and
// returns what f wrote.
func captureStdout(t *testing.T, f func() error) (string, error) {
	t.Helper()
	tmp, err := os.CreateTemp(t.TempDir(), "stdout")
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = tmp
	err = f()
	os.Stdout = old
	b, rerr := os.ReadFile(tmp.Name())
	tmp.Close()
	if rerr != nil {
		t.Fatal(rerr)
	}
	return string(b), err
}

// TestOwnDataDrawKeyboard draws with the keyboard alone: Tab reaches the
// drawing map, the arrows move its cross, Enter adds a point of the
// selected class, Delete erases the points under the cross, and none of
// these keys reaches the page's shortcuts (space would play, r reset).
func TestOwnDataDrawKeyboard(t *testing.T) {
	ctx, _ := openPage(t, "?data=drawn&points=&hidden=6&act=relu")
	waitClient(t, ctx)
	waitFor(t, ctx, "the drawing map", `!!document.querySelector(".map-box.drawable")`, 10*time.Second)
	evalJS[bool](t, ctx, `(() => { const b = document.querySelector(".map-box.drawable"); b.scrollIntoView({block: "center"}); b.focus(); return document.activeElement === b; })()`)
	// Three steps left and two up from the centre: (−0.15, 0.1); Enter adds.
	for _, k := range []string{kb.ArrowLeft, kb.ArrowLeft, kb.ArrowLeft, kb.ArrowUp, kb.ArrowUp, kb.Enter} {
		press(t, ctx, k)
	}
	waitFor(t, ctx, "a point in the link", pointsInLink(1), 10*time.Second)
	if evalJS[int](t, ctx, `document.querySelectorAll(".draw-cursor").length`) != 1 {
		t.Error("no cross shows where the keyboard draws")
	}
	// Shift+arrow leaps; Space adds as Enter does, and does not play.
	press(t, ctx, kb.ArrowRight)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(chromedp.ModifierShift))); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, " ")
	waitFor(t, ctx, "a second point in the link", pointsInLink(2), 10*time.Second)
	ps := linkPoints(t, ctx)
	for i, want := range [][2]float64{{-0.15, 0.1}, {0.1, 0.1}} {
		x, y := ps[i].Coords()
		if d := 2.0 / 127; abs(x-want[0]) > d || abs(y-want[1]) > d {
			t.Errorf("point %d at (%.3f, %.3f), want (%g, %g)", i+1, x, y, want[0], want[1])
		}
	}
	if s := statusAttrs(t, ctx)["data-state"]; s == "running" {
		t.Error("space on the drawing map started training")
	}
	// Delete erases the point under the cross.
	press(t, ctx, kb.Delete)
	waitFor(t, ctx, "one point left", pointsInLink(1), 10*time.Second)
}
