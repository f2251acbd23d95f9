//go:build shot

package main

import (
	"os"
	"testing"
	"time"
)

func TestShot(t *testing.T) {
	ctx, _ := openPage(t, os.Getenv("SHOT_Q"))
	waitClient(t, ctx)
	if os.Getenv("SHOT_PLAY") != "" {
		click(t, ctx, "#play")
	}
	time.Sleep(8 * time.Second)
	screenshot(t, ctx, "/tmp/shot.png")
}
