package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ActionRetryLoad asks app/ to fetch a dataset's files again after a
// failed load.
const ActionRetryLoad = "plasticity/retry-load"

// DataLoad is #data-load: the progress of a dataset's files arriving (the
// MNIST asset, which the page fetches when a link or the picker asks for
// it), or why they could not be read, with a button to try again. It
// stands where the run's pictures will be.
//
// The automation contract: #data-load carries data-state ("loading",
// "unpacking" or "error"), data-received and data-total (bytes; total 0
// while unknown); #data-load-retry retries.
type DataLoad struct {
	goapp.Compo

	Title    string // what is loading, e.g. "MNIST digits"
	Received int64  // bytes received so far
	Total    int64  // bytes expected in all; 0 while unknown
	// Unpacking says every byte has arrived and the files are being read.
	Unpacking bool
	// Err, when not empty, says why the files could not be loaded.
	Err string
}

// Render implements goapp.Composer.
func (d *DataLoad) Render() goapp.UI {
	state := "loading"
	switch {
	case d.Err != "":
		state = "error"
	case d.Unpacking:
		state = "unpacking"
	}
	el := goapp.Div().ID("data-load").Class("data-load", "data-load-"+state).
		DataSet("state", state).
		DataSet("received", strconv.FormatInt(d.Received, 10)).
		DataSet("total", strconv.FormatInt(d.Total, 10))
	if d.Err != "" {
		return el.Role("alert").Body(
			goapp.P().Class("data-load-title").Text("Could not load the "+d.Title+"."),
			goapp.P().Class("data-load-message").Text(d.Err),
			goapp.Button().ID("data-load-retry").Class("btn", "data-load-retry").
				Text("Try again").
				OnClick(d.onRetry),
		)
	}
	bar := goapp.Progress().ID("data-load-bar").Class("data-load-bar").
		Aria("label", "Loading the "+d.Title)
	if d.Total > 0 && !d.Unpacking {
		bar = bar.Max(d.Total).Value(min(d.Received, d.Total))
	} else if d.Unpacking {
		bar = bar.Max(1).Value(1)
	} // else indeterminate: no value
	return el.Role("status").Aria("live", "polite").Body(
		goapp.P().Class("data-load-title").Text("Loading the "+d.Title+"…"),
		bar,
		goapp.P().Class("data-load-text").Text(LoadText(d.Received, d.Total, d.Unpacking)),
	)
}

// LoadText says how far a load has gone: "1.2 of 1.9 MB (63 %)", "0.4 MB"
// while the total is unknown, "Unpacking 1.9 MB…" once every byte is in.
func LoadText(received, total int64, unpacking bool) string {
	mb := func(n int64) string { return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) }
	switch {
	case unpacking:
		return "Unpacking " + mb(received) + " MB…"
	case total > 0:
		received = min(received, total)
		return mb(received) + " of " + mb(total) + " MB (" + strconv.FormatInt(received*100/total, 10) + " %)"
	default:
		return mb(received) + " MB"
	}
}

func (d *DataLoad) onRetry(ctx goapp.Context, e goapp.Event) { post(ctx, ActionRetryLoad, nil) }
