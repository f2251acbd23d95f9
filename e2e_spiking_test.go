//go:build !wasm

package main

import (
	"strings"
	"testing"
	"time"
)

// clickRasterJS returns JavaScript that clicks row unit of the raster of
// hidden layer layer (both from 0), as a pointer would, and says whether
// the row was there.
func clickRasterJS(layer, unit string) string {
	return `(() => {
  const l = document.querySelectorAll("#spike-raster .raster-layer")[` + layer + `];
  const row = l && l.querySelector('.raster-row[data-unit="` + unit + `"]');
  if (!row) return false;
  row.dispatchEvent(new MouseEvent("click", {bubbles: true}));
  return true;
})()`
}

// TestE2ESpiking opens a spiking network's link, trains it, and finds the
// spike raster of the example under the cursor and a membrane trace with
// the threshold and, the rectifier being on, the rectified potential;
// clicking rows of the raster chooses the neurons the traces show, the
// network panel switches the reset, and the pointer over the map moves the
// example.
func TestE2ESpiking(t *testing.T) {
	ctx, _ := openPage(t, "?neuron=lif&rule=bptt&data=xor&hidden=12,6&snn.t=8&snn.reset=soft&snn.mpr=1&epochs=3&play=1")
	waitClient(t, ctx)
	waitFor(t, ctx, "the spike raster", `!!document.getElementById("spike-raster")`, 30*time.Second)
	waitFor(t, ctx, "the run to finish", numberJS("epoch")+` >= 3`, time.Minute)
	if n := evalJS[string](t, ctx, `document.getElementById("spike-raster").dataset.steps`); n != "8" {
		t.Errorf("the raster has %s time steps, want 8", n)
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#spike-raster .raster-layer").length`); n != 2 {
		t.Errorf("%d rasters, want one per hidden layer (2)", n)
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#spike-raster .raster-layer")[0].querySelectorAll(".raster-row").length`); n != 12 {
		t.Errorf("%d rows in hidden layer 1's raster, want 12", n)
	}
	waitFor(t, ctx, "a membrane trace", `document.querySelectorAll("#membrane-trace .trace-chart").length === 1`, 10*time.Second)
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#membrane-trace .trace-threshold").length`); n != 1 {
		t.Errorf("%d threshold lines, want 1", n)
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#membrane-trace .trace-rectified").length`); n != 8 {
		t.Errorf("%d rectified points, want one per step (8) with snn.mpr=1", n)
	}

	// Choose neuron 4 of hidden layer 1, then neuron 2 of hidden layer 2.
	if !evalJS[bool](t, ctx, clickRasterJS("0", "3")) {
		t.Fatal("no row 4 in the first raster")
	}
	waitFor(t, ctx, "the trace of neuron 4", `document.querySelector("#membrane-trace .trace-chart .bar-chart-title").textContent.includes("Hidden 1, neuron 4")`, 10*time.Second)
	if !evalJS[bool](t, ctx, clickRasterJS("1", "1")) {
		t.Fatal("no row 2 in the second raster")
	}
	waitFor(t, ctx, "two traces", `document.querySelectorAll("#membrane-trace .trace-chart").length === 2`, 10*time.Second)
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#spike-raster .raster-chosen").length`); n != 2 {
		t.Errorf("%d rows marked as chosen, want 2", n)
	}
	titles := evalJS[string](t, ctx, `Array.from(document.querySelectorAll("#membrane-trace .trace-chart .bar-chart-title span")).map(e => e.textContent).join("|")`)
	if !strings.Contains(titles, "Hidden 2, neuron 2") {
		t.Errorf("trace titles %q", titles)
	}
	// Dropping one with its ✕.
	click(t, ctx, "#membrane-trace .trace-drop")
	waitFor(t, ctx, "one trace again", `document.querySelectorAll("#membrane-trace .trace-chart").length === 1`, 10*time.Second)

	// The network panel switches the reset: the link follows and the
	// traces say so.
	evalJS[bool](t, ctx, `(() => {
  const s = document.getElementById("snn-reset");
  s.value = "hard";
  s.dispatchEvent(new Event("change", {bubbles: true}));
  return true;
})()`)
	waitFor(t, ctx, "the hard reset", `!location.search.includes("snn.reset") && document.querySelector("#membrane-trace .diag-note").textContent.includes("hard reset")`, 20*time.Second)

	// The pointer over the map moves the example the raster shows.
	before := text(t, ctx, "#spike-raster .diag-title")
	evalJS[bool](t, ctx, `(() => {
  const box = document.querySelector(".map-box.pickable"), r = box.getBoundingClientRect();
  box.dispatchEvent(new PointerEvent("pointermove", {clientX: r.left + 0.75 * r.width, clientY: r.top + 0.25 * r.height, bubbles: true}));
  return true;
})()`)
	waitFor(t, ctx, "the raster at the point (0.5, 0.5)",
		`document.querySelector("#spike-raster .diag-title").textContent.includes("(0.5, 0.5)")`, 10*time.Second)
	if before == text(t, ctx, "#spike-raster .diag-title") {
		t.Error("the raster did not follow the pointer")
	}
}

// TestE2ESpikingTwin trains a spiking network beside its non-spiking twin
// (r2.neuron=rate): both runs train, the raster shows for the spiking run
// and goes when the diagnostics switch to the twin.
func TestE2ESpikingTwin(t *testing.T) {
	ctx, _ := openPage(t, "?neuron=lif&rule=bptt&data=xor&hidden=8&cmp=bp&r2.neuron=rate&epochs=2&play=1")
	waitClient(t, ctx)
	waitFor(t, ctx, "both runs to finish", `document.querySelectorAll(".run-status").length === 2 && `+numberJS("epoch")+` >= 2`, time.Minute)
	if s := evalJS[string](t, ctx, `(document.getElementById("notice") || {textContent: ""}).textContent`); strings.Contains(s, "r2.") {
		t.Errorf("the twin's link was refused: %s", s)
	}
	waitFor(t, ctx, "the spike raster of run 1", `!!document.getElementById("spike-raster")`, 10*time.Second)
	evalJS[bool](t, ctx, `(() => {
  const s = document.getElementById("diag-run");
  s.value = "1";
  s.dispatchEvent(new Event("change", {bubbles: true}));
  return true;
})()`)
	waitFor(t, ctx, "no raster for the twin of ordinary units", `!document.getElementById("spike-raster")`, 10*time.Second)
}
