package components

import (
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestLoadText(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		received, total int64
		unpacking       bool
		want            string
	}{
		{0, 0, false, "0.0 MB"},
		{1_200_000, 1_924_510, false, "1.2 of 1.9 MB (62 %)"},
		{2_000_000, 1_924_510, false, "1.9 of 1.9 MB (100 %)"},
		{1_924_510, 1_924_510, true, "Unpacking 1.9 MB…"},
	} {
		if got := LoadText(test.received, test.total, test.unpacking); got != test.want {
			t.Errorf("LoadText(%d, %d, %v) = %q, want %q", test.received, test.total, test.unpacking, got, test.want)
		}
	}
}

func TestDataLoad(t *testing.T) {
	t.Parallel()
	d := &DataLoad{Title: "MNIST digits", Received: 500, Total: 1000}
	load(t, d)
	match(t, goapp.Div().ID("data-load").Class("data-load", "data-load-loading").
		DataSet("state", "loading").DataSet("received", "500").DataSet("total", "1000").
		Role("status").Aria("live", "polite"), d, 0)
	match(t, goapp.Progress().ID("data-load-bar").Class("data-load-bar").Aria("label", "Loading the MNIST digits").
		Max(int64(1000)).Value(int64(500)), d, 0, 1)

	f := &DataLoad{Title: "MNIST digits", Err: "the server answered 404 Not Found for /web/mnist/x.gz"}
	load(t, f)
	match(t, goapp.Text("the server answered 404 Not Found for /web/mnist/x.gz"), f, 0, 1, 0)
	match(t, goapp.Button().ID("data-load-retry").Class("btn", "data-load-retry").
		OnClick(func(goapp.Context, goapp.Event) {}), f, 0, 2)
}
