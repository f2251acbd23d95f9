//go:build !wasm

package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// claimStatus evaluates to the data-status of claim i of the lesson.
func claimStatus(i string) string {
	return `(document.getElementById("lesson-claim-` + i + `") || {dataset: {}}).dataset.status`
}

// TestE2ELesson opens a lesson's link, trains its first step, sees its
// claim turn ✓, follows the lesson to the next step (which opens and trains
// a comparison) and sees that step's claim turn ✓ too; the address bar
// keeps the lesson and its step.
func TestE2ELesson(t *testing.T) {
	ctx, _ := openPage(t, "?lesson=fa-aligns")
	waitClient(t, ctx)
	waitFor(t, ctx, "the lesson beside the playground",
		`!!document.getElementById("lesson") && document.getElementById("lesson").dataset.step === "1"`, 10*time.Second)
	if href := evalJS[string](t, ctx, `location.href`); !strings.Contains(href, "rule=fa") || !strings.Contains(href, "lesson=fa-aligns") {
		t.Fatalf("the bare lesson link did not open step 1's experiment: %s", href)
	}
	if s := evalJS[string](t, ctx, claimStatus("1")); s != "unchecked" {
		t.Errorf("the claim about step 2 is %q before step 2 ran", s)
	}
	click(t, ctx, "#play")
	waitFor(t, ctx, "step 1's claim to hold", claimStatus("0")+` === "holds"`, 2*time.Minute)
	if mark := text(t, ctx, "#lesson-claim-0 .claim-mark"); mark != "✓" {
		t.Errorf("a claim that holds shows %q, want ✓", mark)
	}

	click(t, ctx, "#lesson-next")
	waitFor(t, ctx, "step 2", `document.getElementById("lesson").dataset.step === "2"`, 10*time.Second)
	href := evalJS[string](t, ctx, `location.href`)
	if !strings.Contains(href, "step=2") || !strings.Contains(href, "cmp=kp") {
		t.Errorf("step 2's address: %s", href)
	}
	waitFor(t, ctx, "step 2's claim to hold", claimStatus("1")+` === "holds"`, 2*time.Minute)
	if s := evalJS[string](t, ctx, claimStatus("0")); s != "holds" {
		t.Errorf("step 1's claim was forgotten on step 2: %q", s)
	}
	if n := evalJS[string](t, ctx, `document.getElementById("lesson-claims").dataset.held`); n != "2" {
		t.Errorf("data-held %q, want 2", n)
	}
}

// TestE2ELessonList opens /lessons and follows a lesson's link.
func TestE2ELessonList(t *testing.T) {
	ctx, _ := openPage(t, "lessons")
	waitFor(t, ctx, "the list of lessons", `document.querySelectorAll("#lessons .lesson-card").length >= 2`, time.Minute)
	waitFor(t, ctx, "the WASM to start", wasmStarted, time.Minute)
	click(t, ctx, `#lessons [data-lesson="negative-weights"] a`)
	// The link loads the page afresh: wait for the new document's lesson.
	wait, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(wait, chromedp.WaitVisible(chromedp.CSS("#lesson"))); err != nil {
		t.Fatalf("waiting for the lesson's page: %v", err)
	}
	waitClient(t, ctx)
	waitFor(t, ctx, "the lesson", `!!document.getElementById("lesson") && document.getElementById("lesson").dataset.lesson === "negative-weights"`, 20*time.Second)
}

// TestE2ELesion trains the lesion lesson's own experiment, lesions a unit
// by clicking it, and finds the lesion in the address and in the grid.
func TestE2ELesion(t *testing.T) {
	ctx, _ := openPage(t, "?lesson=lesions&step=3")
	waitClient(t, ctx)
	waitFor(t, ctx, "the units grid", `!!document.getElementById("unit-cell-1-3")`, 20*time.Second)
	click(t, ctx, "#play")
	waitFor(t, ctx, "the run to finish", numberJS("epoch")+` >= 30 && `+statusJS+`.dataset.state === "paused"`, 2*time.Minute)
	click(t, ctx, "#unit-cell-1-3")
	waitFor(t, ctx, "the lesion in the address", `location.search.includes("lesion=1:3") && location.search.includes("lesionat=30")`, 20*time.Second)
	waitFor(t, ctx, "the lesioned unit in the grid", `document.getElementById("unit-cell-1-3").classList.contains("unit-lesioned")`, 20*time.Second)
	if e := evalJS[string](t, ctx, statusJS+`.dataset.epoch`); e != "30" {
		t.Errorf("after the lesion the run is at epoch %s, want 30 (replayed to the lesion)", e)
	}
}
