package app

import (
	"math"
	"testing"

	"plasticity/core/run"
)

func TestShortcut(t *testing.T) {
	t.Parallel()
	type ev struct {
		key                         string
		shift, ctrl, meta, alt, rep bool
		tag, typ, role              string
		editable                    bool
	}
	for _, test := range []struct {
		name string
		e    ev
		want string
	}{
		{"space on the page", ev{key: " ", tag: "BODY"}, keyPlay},
		{"space held down", ev{key: " ", tag: "BODY", rep: true}, ""},
		{"space on a button presses it", ev{key: " ", tag: "BUTTON"}, ""},
		{"space on a checkbox ticks it", ev{key: " ", tag: "INPUT", typ: "checkbox"}, ""},
		{"s steps", ev{key: "s", tag: "BODY"}, keyStep},
		{"S on a button steps", ev{key: "s", tag: "BUTTON"}, keyStep},
		{"shift+S finishes the epoch", ev{key: "S", shift: true, tag: "BODY"}, keyEpoch},
		{"arrow steps", ev{key: "ArrowRight", tag: "DIV"}, keyStep},
		{"arrow on a dataset picks", ev{key: "ArrowRight", tag: "BUTTON", role: "radio"}, ""},
		{"arrow on a slider moves it", ev{key: "ArrowRight", tag: "INPUT", typ: "range"}, ""},
		{"r resets", ev{key: "r", tag: "BODY"}, keyReset},
		{"r held down", ev{key: "r", tag: "BODY", rep: true}, ""},
		{"ctrl+r reloads", ev{key: "r", ctrl: true, tag: "BODY"}, ""},
		{"cmd+s is the browser's", ev{key: "s", meta: true, tag: "BODY"}, ""},
		{"? helps", ev{key: "?", shift: true, tag: "BODY"}, keyHelp},
		{"p projects", ev{key: "p", tag: "BODY"}, keyProjector},
		{"typing a number", ev{key: "s", tag: "INPUT", typ: "number"}, ""},
		{"typing text", ev{key: "r", tag: "INPUT", typ: "text"}, ""},
		{"typing in a text area", ev{key: "?", tag: "TEXTAREA"}, ""},
		{"a select keeps its letters", ev{key: "r", tag: "SELECT"}, ""},
		{"contenteditable", ev{key: " ", tag: "DIV", editable: true}, ""},
		{"the drawing map keeps space", ev{key: " ", tag: "DIV", role: "application"}, ""},
		{"the drawing map keeps the arrows", ev{key: "ArrowRight", tag: "DIV", role: "application"}, ""},
		{"other keys", ev{key: "x", tag: "BODY"}, ""},
	} {
		e := test.e
		if got := shortcut(e.key, e.shift, e.ctrl, e.meta, e.alt, e.rep, e.tag, e.typ, e.role, e.editable); got != test.want {
			t.Errorf("%s: %q, want %q", test.name, got, test.want)
		}
	}
}

func TestSummaryOf(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	for _, test := range []struct {
		name string
		f    figures
		want string
	}{
		{"classification", figures{state: statePaused, epoch: 3, step: 75, m: run.Metrics{TrainLoss: 0.25, TestLoss: 0.5, TrainAcc: 0.9, TestAcc: 0.85}},
			"Paused: epoch 3, step 75. Loss 0.25 on the training set, 0.5 on the test set. Accuracy 90.0% on the training set, 85.0% on the test set."},
		{"regression without test", figures{state: stateRunning, epoch: 1, step: 25, m: run.Metrics{TrainLoss: 0.125, TestLoss: nan, TrainAcc: nan, TestAcc: nan}},
			"Running: epoch 1, step 25. Loss 0.125 on the training set."},
		{"error", figures{state: stateError, m: run.Metrics{TrainLoss: nan, TestLoss: nan, TrainAcc: nan, TestAcc: nan}}, "Error."},
	} {
		if got := summaryOf(test.f); got != test.want {
			t.Errorf("%s:\ngot  %q\nwant %q", test.name, got, test.want)
		}
	}
}

// TestInkOf checks that every palette has an ink for images, far from its
// background (a difference of at least 150 of 255 in luma).
func TestInkOf(t *testing.T) {
	t.Parallel()
	luma := func(c run.RGB) float64 { return 0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B) }
	for _, p := range []run.Palette{run.Light, run.Dark, run.LightContrast, run.DarkContrast} {
		ink, ok := inkOf[p]
		if !ok {
			t.Errorf("no ink for the palette with background %v", p.Background)
			continue
		}
		if d := math.Abs(luma(ink) - luma(p.Background)); d < 150 {
			t.Errorf("ink %v on background %v: luma difference %.0f, want at least 150", ink, p.Background, d)
		}
	}
}
