package components

import (
	"strings"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestShareDialog(t *testing.T) {
	t.Parallel()
	closed := &ShareDialog{}
	load(t, closed)
	match(t, goapp.Div().ID("share-dialog").Class("dialog-root").Hidden(true), closed, 0)

	s := &ShareDialog{
		Open: true, Link: "http://h/?v=1&lock=data",
		QRSide: 29, QRPath: "M4 4h7v1h-7z",
		Controls: []ControlChoice{
			{Key: "data", Label: "Data", Lock: true},
			{Key: "net", Label: "Network", Hide: true},
		},
		Downloads: []Option{{DownloadMetricsCSV, "Curves (CSV)"}},
	}
	load(t, s)
	got := html(t, s)
	contains(t, "the dialog", got,
		`id="share-qr"`, `viewBox="0 0 29 29"`, `d="M4 4h7v1h-7z"`, `fill="#ffffff"`, `fill="#000000"`,
		`id="share-link"`, `value="http://h/?v=1&lock=data"`,
		`id="lock-data"`, `id="hide-net"`, `id="download-metrics-csv"`, `role="dialog"`, `aria-modal`)
	noop := func(goapp.Context, goapp.Event) {}
	match(t, goapp.Input().Type("checkbox").ID("lock-data").Class("classroom-check").Checked(true).
		DataSet("control", "data").DataSet("mode", "lock").Aria("label", "Lock Data").OnChange(noop),
		s, 0, 1, 1, 1, 1, 2, 1, 0, 1, 0)
	match(t, goapp.Input().Type("checkbox").ID("hide-data").Class("classroom-check").Checked(false).
		DataSet("control", "data").DataSet("mode", "hide").Aria("label", "Hide Data").OnChange(noop),
		s, 0, 1, 1, 1, 1, 2, 1, 0, 2, 0)

	long := &ShareDialog{Open: true, QRError: "too long"}
	if got := html(t, long); !strings.Contains(got, "too long") || strings.Contains(got, "share-qr") {
		t.Errorf("a link without a code:\n%s", got)
	}
}

func TestLockedControls(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		ui   goapp.UI
		want []string
	}{
		{"select", &SelectField{ID: "opt", Key: "opt", Label: "Optimiser", Options: []Option{{"adam", "Adam"}}, Value: "adam", Locked: true},
			[]string{`class="field locked"`, `disabled`, `title="Locked by the link"`}},
		{"slider", &ParamSlider{ID: "lr", Key: "lr", Label: "Learning rate", Value: 0.03, Scale: SliderScale{Min: 1e-6, Max: 100, Log: true}, Locked: true},
			[]string{`class="field locked"`, `disabled`, `title="Locked by the link"`}},
		{"seed", &SeedField{Seed: 3, Max: 100, Locked: true}, []string{`disabled`, `title="Locked by the link"`}},
		{"rule", &RulePanel{Rules: []Option{{"bp", "Backprop"}}, Selected: "bp", Locked: true}, []string{`id="rule"`, `disabled`, `title="Locked by the link"`}},
		{"layers", &LayerControls{Layers: 1, MaxLayers: 4, Locked: true}, []string{`disabled`, `Locked by the link`}},
		{"datasets", &DatasetPicker{Datasets: []Dataset{{Key: "a", Title: "A"}, {Key: "b", Title: "B"}}, Selected: "a", Locked: true},
			[]string{`class="datasets locked"`, `Locked by the link`}},
	} {
		got := html(t, c.ui)
		contains(t, c.name, got, c.want...)
	}
	// Unlocked controls carry no disabled attribute at all.
	if got := html(t, &SelectField{ID: "opt", Options: []Option{{"adam", "Adam"}}}); strings.Contains(got, "disabled") || strings.Contains(got, "Locked") {
		t.Errorf("an unlocked select:\n%s", got)
	}
	// Hidden: the rule's explanation stays, its select goes.
	if got := html(t, &RulePanel{Rules: []Option{{"bp", "Backprop"}}, Selected: "bp", Title: "Backprop", NoSelect: true}); strings.Contains(got, `id="rule"`) || !strings.Contains(got, "Backprop") {
		t.Errorf("a hidden rule select:\n%s", got)
	}
}
