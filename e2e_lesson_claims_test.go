//go:build !wasm

package main

import (
	"testing"
	"time"
)

// TestE2ELessonClaims trains a step of the critical-period and the
// active-sampling lessons in the page (in the workers, whose replicas the
// claims read) and sees the step's claim hold, as their Go tests say.
func TestE2ELessonClaims(t *testing.T) {
	for _, c := range []struct{ key, step, claim string }{
		{"critical-period", "2", "1"}, // the early deficit: pathway A never recovers
		{"active-sampling", "1", "0"}, // 20 dimensions: margin sampling ahead
	} {
		t.Run(c.key, func(t *testing.T) {
			ctx, _ := openPage(t, "?lesson="+c.key+"&step="+c.step)
			waitClient(t, ctx)
			waitFor(t, ctx, "the lesson", `!!document.getElementById("lesson") && document.getElementById("lesson").dataset.step === "`+c.step+`"`, 10*time.Second)
			click(t, ctx, "#play")
			waitFor(t, ctx, "the claim to hold", claimStatus(c.claim)+` === "holds"`, 3*time.Minute)
		})
	}
}
