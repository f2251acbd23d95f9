package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// Dataset is one choice of a DatasetPicker.
type Dataset struct {
	Key, Title, Summary string
}

// ThumbID returns the id of the thumbnail canvas of dataset key.
func ThumbID(key string) string { return "thumb-" + key }

// DatasetPicker shows every dataset as a small picture of its points, as a
// group of radio buttons. Picking one posts ActionSet with key "data".
// app/ paints the thumbnails (canvases ThumbID(key), Grid pixels square).
type DatasetPicker struct {
	goapp.Compo

	Datasets []Dataset
	Selected string
	Grid     int
	// Locked shows the choices disabled: a link locks them (lock=data).
	Locked bool
}

// Render implements goapp.Composer.
func (d *DatasetPicker) Render() goapp.UI {
	return lockable(goapp.Div().Class("datasets").Role("radiogroup").Aria("label", "Dataset"), d.Locked).Body(
		goapp.Range(d.Datasets).Slice(func(i int) goapp.UI {
			ds := d.Datasets[i]
			on := ds.Key == d.Selected
			tab := -1
			if on {
				tab = 0
			}
			return disabledIf(goapp.Button().ID("data-%s", ds.Key).Class("thumb"), d.Locked && !on).
				Role("radio").Aria("checked", on).TabIndex(tab).
				Title("%s", lockedOr(ds.Title+": "+ds.Summary, d.Locked)).
				DataSet("key", ds.Key).
				OnClick(d.onPick, goapp.EventScope(ds.Key)).
				OnKeyDown(d.onKey, goapp.EventScope(ds.Key)).
				Body(
					&CanvasMap{ID: ThumbID(ds.Key), Grid: d.Grid, Class: "thumb-map"},
					goapp.Span().Class("thumb-label").Text(ds.Title),
				)
		}),
	)
}

func (d *DatasetPicker) onPick(ctx goapp.Context, e goapp.Event) {
	if d.Locked {
		return
	}
	key := ctx.JSSrc().Get("dataset").Get("key").String()
	if key != "" && key != d.Selected {
		post(ctx, ActionSet, Setting{Key: "data", Value: key})
	}
}

// onKey moves the choice with the arrow keys, as a radio group does.
func (d *DatasetPicker) onKey(ctx goapp.Context, e goapp.Event) {
	step := 0
	switch e.Get("key").String() {
	case "ArrowRight", "ArrowDown":
		step = 1
	case "ArrowLeft", "ArrowUp":
		step = -1
	default:
		return
	}
	e.PreventDefault()
	if d.Locked {
		return
	}
	cur := 0
	for i, ds := range d.Datasets {
		if ds.Key == d.Selected {
			cur = i
		}
	}
	n := len(d.Datasets)
	if n == 0 {
		return
	}
	next := d.Datasets[((cur+step)%n+n)%n].Key
	post(ctx, ActionSet, Setting{Key: "data", Value: next})
	ctx.Defer(func(goapp.Context) {
		if el := goapp.Window().GetElementByID("data-" + next); !el.IsNull() {
			el.Call("focus")
		}
	})
}
