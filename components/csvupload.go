package components

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ActionUpload reports a file chosen in a CSVUpload (value Upload).
const ActionUpload = "plasticity/upload"

// Upload is the value of ActionUpload: the chosen file (a browser File,
// which app/ reads), with its name and size in bytes.
type Upload struct {
	File goapp.Value
	Name string
	Size int
}

// CSVUpload (#csv-upload) lets the user bring a CSV file: a file input
// (#csv-file) and what became of the last file. Choosing a file posts
// ActionUpload; app/ reads, checks and loads it. Error (#csv-error, a
// message with the line at fault) says why a file was refused; Loaded
// describes the file the run trains on; Needed names the file a link asks
// for that is not loaded. Limits says what a file may hold.
type CSVUpload struct {
	goapp.Compo

	Loaded string
	Error  string
	Needed string
	Limits string
	// Reading is set while a chosen file is being read.
	Reading bool
	// Locked shows the input disabled: a link locks the data (lock=data).
	Locked bool
}

// Render implements goapp.Composer.
func (c *CSVUpload) Render() goapp.UI {
	return lockable(goapp.Div().ID("csv-upload").Class("field", "csv-upload"), c.Locked).Body(
		goapp.Div().Class("field-head").Body(
			goapp.Label().For("csv-file").Text("Your own data (CSV)"),
		),
		disabledIf(goapp.Input().Type("file").ID("csv-file").Class("csv-file"), c.Locked).
			Accept(".csv,.tsv,.txt,text/csv,text/plain").
			Title("%s", lockedOr("Numeric columns and a label column (the last), with or without a header line", c.Locked)).
			Aria("describedby", "csv-help").
			OnChange(c.onChange),
		goapp.If(c.Reading, func() goapp.UI {
			return goapp.P().Class("help").Role("status").Text("Reading the file…")
		}),
		goapp.If(c.Needed != "", func() goapp.UI {
			return goapp.P().ID("csv-needed").Class("csv-needed").Role("status").
				Text("This link trains on the file " + c.Needed + ", which a link cannot carry: upload the same file to run it.")
		}),
		goapp.If(c.Error != "", func() goapp.UI {
			return goapp.P().ID("csv-error").Class("csv-error").Role("alert").
				Text("That file was not loaded, and nothing changed: " + c.Error)
		}),
		goapp.If(c.Loaded != "", func() goapp.UI {
			return goapp.P().ID("csv-loaded").Class("csv-loaded").Text("Training on " + c.Loaded + ".")
		}),
		goapp.P().ID("csv-help").Class("help").Text(c.Limits),
	)
}

func (c *CSVUpload) onChange(ctx goapp.Context, e goapp.Event) {
	src := ctx.JSSrc()
	files := src.Get("files")
	if c.Locked || !files.Truthy() || files.Length() == 0 {
		return
	}
	f := files.Index(0)
	post(ctx, ActionUpload, Upload{File: f, Name: f.Get("name").String(), Size: f.Get("size").Int()})
	src.Set("value", "") // choosing the same file again is a new choice
}
