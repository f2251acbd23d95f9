package app

import (
	"bytes"
	"io"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/export"
	"plasticity/core/run"
)

// Downloads: the curves (CSV, JSON), the experiment (JSON), the weights
// (.npz) and pictures (PNG) of the comparison's runs. Files are handed to
// the browser as a Blob behind an object URL, clicked through a temporary
// <a download>; the page's Content-Security-Policy allows blob: for that
// and for the images the PNGs are drawn from. Browser only: on the server
// goapp.Window() is inert.

// downloadFile is one export: a file name and how to write it.
type downloadFile struct {
	name, mime string
	write      func(io.Writer) error
}

// exportFile returns the file of an export kind for the runs of spec, or
// false for a kind that is not a file of data (the pictures).
func exportFile(kind string, spec run.CompareSpec, runs []*run.Run) (downloadFile, bool) {
	base := "plasticity-" + runs[0].Exp.Rule
	if len(runs) > 1 {
		base = "plasticity-comparison"
	}
	switch kind {
	case components.DownloadMetricsCSV:
		return downloadFile{base + "-curves.csv", "text/csv", func(w io.Writer) error { return export.CSV(w, runs) }}, true
	case components.DownloadMetricsJSON:
		return downloadFile{base + "-curves.json", "application/json", func(w io.Writer) error { return export.JSON(w, runs) }}, true
	case components.DownloadExperiment:
		return downloadFile{base + "-experiment.json", "application/json", func(w io.Writer) error { return export.ExperimentJSON(w, spec) }}, true
	case components.DownloadWeights:
		return downloadFile{base + "-weights.npz", "application/zip", func(w io.Writer) error { return export.NPZ(w, runs) }}, true
	}
	return downloadFile{}, false
}

func (p *Playground) onDownload(ctx goapp.Context, a goapp.Action) {
	kind, _ := a.Value.(string)
	runs := p.m.runs()
	if len(runs) == 0 {
		return
	}
	if f, ok := exportFile(kind, p.m.spec, runs); ok {
		var buf bytes.Buffer
		var err error
		p.m.protect("writing the file", func() { err = f.write(&buf) })
		if err != nil {
			p.sharing.message = "Could not write the file: " + err.Error()
			return
		}
		downloadBytes(ctx, f.name, f.mime, buf.Bytes())
		return
	}
	switch kind {
	case components.DownloadMap:
		titles := runTitles(runs)
		name := "plasticity-" + runs[0].Exp.Rule + "-map.png"
		if len(runs) > 1 {
			name = "plasticity-comparison-maps.png"
		}
		downloadMaps(ctx, name, titles)
	case components.DownloadCharts:
		name := "plasticity-" + runs[0].Exp.Rule + "-charts.png"
		if len(runs) > 1 {
			name = "plasticity-comparison-charts.png"
		}
		downloadCharts(ctx, name)
	}
}

// downloadBytes hands data to the browser as the file name.
func downloadBytes(ctx goapp.Context, name, mime string, data []byte) {
	win := goapp.Window()
	arr := win.Get("Uint8Array").New(len(data))
	goapp.CopyBytesToJS(arr, data)
	blob := win.Get("Blob").New([]any{arr}, map[string]any{"type": mime})
	downloadBlob(ctx, name, blob)
}

// downloadBlob downloads a Blob through an object URL, revoked a minute
// later (the browser has read it by then).
func downloadBlob(ctx goapp.Context, name string, blob goapp.Value) {
	url := goapp.Window().Get("URL").Call("createObjectURL", blob).String()
	doc := goapp.Window().Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	ctx.After(time.Minute, func(goapp.Context) {
		goapp.Window().Get("URL").Call("revokeObjectURL", url)
	})
}

// svgStyleProps are the computed styles copied onto an SVG's elements
// before it is drawn as a picture: outside the page, its stylesheet does
// not apply.
var svgStyleProps = []string{
	"fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
	"stroke-linecap", "stroke-linejoin", "opacity", "font-family", "font-size", "font-style",
	"font-weight", "visibility",
}

// svgImages draws each SVG element of svgs into an image (with the page's
// styles inlined, width×height pixels each) and calls done with the
// images, in order, once all have loaded or failed (a failed one is null).
func svgImages(svgs []goapp.Value, sizes [][2]float64, done func([]goapp.Value)) {
	win := goapp.Window()
	imgs := make([]goapp.Value, len(svgs))
	pending := len(svgs)
	if pending == 0 {
		done(imgs)
		return
	}
	var funcs []goapp.Func
	var urls []string
	finish := func() {
		pending--
		if pending > 0 {
			return
		}
		for _, f := range funcs {
			f.Release()
		}
		for _, u := range urls {
			win.Get("URL").Call("revokeObjectURL", u)
		}
		done(imgs)
	}
	for i, el := range svgs {
		clone := el.Call("cloneNode", true)
		inlineStyles(el, clone)
		clone.Call("setAttribute", "xmlns", "http://www.w3.org/2000/svg")
		clone.Call("setAttribute", "width", strconv.FormatFloat(sizes[i][0], 'f', 0, 64))
		clone.Call("setAttribute", "height", strconv.FormatFloat(sizes[i][1], 'f', 0, 64))
		text := win.Get("XMLSerializer").New().Call("serializeToString", clone)
		blob := win.Get("Blob").New([]any{text}, map[string]any{"type": "image/svg+xml;charset=utf-8"})
		url := win.Get("URL").Call("createObjectURL", blob).String()
		urls = append(urls, url)
		img := win.Get("Image").New()
		i := i
		onload := goapp.FuncOf(func(goapp.Value, []goapp.Value) any { imgs[i] = img; finish(); return nil })
		onerror := goapp.FuncOf(func(goapp.Value, []goapp.Value) any { imgs[i] = goapp.Null(); finish(); return nil })
		funcs = append(funcs, onload, onerror)
		img.Set("onload", onload)
		img.Set("onerror", onerror)
		img.Set("src", url)
	}
}

// inlineStyles copies the computed styles of orig and its descendants onto
// clone's, which has the same tree.
func inlineStyles(orig, clone goapp.Value) {
	win := goapp.Window()
	copyStyle := func(o, c goapp.Value) {
		cs := win.Call("getComputedStyle", o)
		st := c.Get("style")
		for _, p := range svgStyleProps {
			st.Call("setProperty", p, cs.Call("getPropertyValue", p))
		}
	}
	copyStyle(orig, clone)
	os, cs := orig.Call("querySelectorAll", "*"), clone.Call("querySelectorAll", "*")
	for i := 0; i < os.Length() && i < cs.Length(); i++ {
		copyStyle(os.Index(i), cs.Index(i))
	}
}

// canvasDownload downloads a canvas as a PNG file.
func canvasDownload(ctx goapp.Context, name string, cv goapp.Value) {
	var cb goapp.Func
	cb = goapp.FuncOf(func(_ goapp.Value, args []goapp.Value) any {
		cb.Release()
		if len(args) > 0 && args[0].Truthy() {
			blob := args[0]
			ctx.Dispatch(func(ctx goapp.Context) { downloadBlob(ctx, name, blob) })
		}
		return nil
	})
	cv.Call("toBlob", cb, "image/png")
}

// pageColor returns the computed CSS property of the element matched by
// sel (or of the body).
func pageColor(sel, prop string) string {
	doc := goapp.Window().Get("document")
	el := doc.Call("querySelector", sel)
	if !el.Truthy() {
		el = doc.Get("body")
	}
	return goapp.Window().Call("getComputedStyle", el).Call("getPropertyValue", prop).String()
}

// Picture geometry, in pixels.
const (
	mapSide     = 480 // a map alone
	mapTileSide = 360 // a map among several
	pngPad      = 16
	pngTitle    = 28 // the height of a title line
	pngLegend   = 22 // the height of a chart's legend line
	chartWidth  = 720
)

// downloadMaps draws the decision maps on screen (the canvases with the
// data's points on top, titled when there are several runs) into one PNG.
func downloadMaps(ctx goapp.Context, name string, titles []string) {
	doc := goapp.Window().Get("document")
	n := len(titles)
	var maps, points []goapp.Value
	for i := 0; i < n; i++ {
		cv := doc.Call("getElementById", components.DecisionMapIDOf(i))
		if !cv.Truthy() {
			continue
		}
		maps = append(maps, cv)
		points = append(points, cv.Get("nextElementSibling"))
	}
	if len(maps) == 0 {
		return
	}
	side, cols, head := mapSide, 1, 0
	if len(maps) > 1 {
		side, cols, head = mapTileSide, 2, pngTitle
	}
	rows := (len(maps) + cols - 1) / cols
	w := pngPad + cols*(side+pngPad)
	h := pngPad + rows*(head+side+pngPad)
	sizes := make([][2]float64, len(points))
	for i := range sizes {
		sizes[i] = [2]float64{float64(side), float64(side)}
	}
	bg, fg := pageColor(".panel", "background-color"), pageColor(".panel", "color")
	svgImages(points, sizes, func(imgs []goapp.Value) {
		cv := doc.Call("createElement", "canvas")
		cv.Set("width", w)
		cv.Set("height", h)
		c := cv.Call("getContext", "2d")
		c.Set("fillStyle", bg)
		c.Call("fillRect", 0, 0, w, h)
		c.Set("imageSmoothingEnabled", true)
		for i, m := range maps {
			x := pngPad + (i%cols)*(side+pngPad)
			y := pngPad + (i/cols)*(head+side+pngPad)
			if head > 0 {
				c.Set("fillStyle", fg)
				c.Set("font", "600 16px system-ui, sans-serif")
				c.Call("fillText", titles[i], x, y+18)
			}
			y += head
			c.Set("fillStyle", "#ffffff")
			c.Call("fillRect", x, y, side, side)
			c.Set("globalAlpha", 0.7) // as the page draws the map under the points
			c.Call("drawImage", m, x, y, side, side)
			c.Set("globalAlpha", 1)
			if img := imgs[i]; img != nil && img.Truthy() {
				c.Call("drawImage", img, x, y, side, side)
			}
		}
		canvasDownload(ctx, name, cv)
	})
}

// downloadCharts draws the charts of the results panel that are on
// screen, each with its title and legend, one under the other, into one
// PNG.
func downloadCharts(ctx goapp.Context, name string) {
	doc := goapp.Window().Get("document")
	figs := doc.Call("querySelectorAll", "#panel-results .chart")
	type chart struct {
		title  string
		legend [][3]string // label, colour, "dashed" or ""
		svg    goapp.Value
		h      float64
	}
	var charts []chart
	var svgs []goapp.Value
	var sizes [][2]float64
	// A comparison's charts share one legend.
	legendOf := func(items goapp.Value) [][3]string {
		var out [][3]string
		for j := 0; j < items.Length(); j++ {
			li := items.Index(j)
			sw := li.Call("querySelector", ".swatch")
			color, dashed := "", ""
			if sw.Truthy() {
				color = goapp.Window().Call("getComputedStyle", sw).Call("getPropertyValue", "color").String()
				if sw.Get("classList").Call("contains", "swatch-dashed").Bool() {
					dashed = "dashed"
				}
			}
			out = append(out, [3]string{li.Get("textContent").String(), color, dashed})
		}
		return out
	}
	shared := legendOf(doc.Call("querySelectorAll", "#panel-results .shared-legend li"))
	for i := 0; i < figs.Length(); i++ {
		f := figs.Index(i)
		s := f.Call("querySelector", "svg.chart-svg")
		if !s.Truthy() || !f.Get("offsetParent").Truthy() { // hidden in a closed section
			continue
		}
		vb := s.Get("viewBox").Get("baseVal")
		vw, vh := vb.Get("width").Float(), vb.Get("height").Float()
		if vw <= 0 || vh <= 0 {
			continue
		}
		ch := chart{title: f.Call("querySelector", ".chart-title").Get("textContent").String(), svg: s, h: chartWidth * vh / vw}
		ch.legend = legendOf(f.Call("querySelectorAll", ".chart-legend li"))
		if len(ch.legend) == 0 && !f.Call("closest", "#diagnostics").Truthy() {
			ch.legend = shared
		}
		charts = append(charts, ch)
		svgs = append(svgs, s)
		sizes = append(sizes, [2]float64{chartWidth, ch.h})
	}
	if len(charts) == 0 {
		return
	}
	w := chartWidth + 2*pngPad
	h := pngPad
	for _, c := range charts {
		h += pngTitle + int(c.h) + pngPad
		if len(c.legend) > 0 {
			h += pngLegend
		}
	}
	bg, fg := pageColor(".panel", "background-color"), pageColor(".panel", "color")
	svgImages(svgs, sizes, func(imgs []goapp.Value) {
		cv := doc.Call("createElement", "canvas")
		cv.Set("width", w)
		cv.Set("height", h)
		c := cv.Call("getContext", "2d")
		c.Set("fillStyle", bg)
		c.Call("fillRect", 0, 0, w, h)
		y := pngPad
		for i, ch := range charts {
			c.Set("fillStyle", fg)
			c.Set("font", "600 16px system-ui, sans-serif")
			c.Set("textAlign", "left")
			c.Call("fillText", ch.title, pngPad, y+18)
			y += pngTitle
			// The legend, on a line of its own under the title.
			if len(ch.legend) > 0 {
				c.Set("font", "13px system-ui, sans-serif")
				x := float64(pngPad)
				for _, item := range ch.legend {
					c.Set("fillStyle", item[1])
					if item[2] == "dashed" {
						c.Call("fillRect", x, y+7, 6, 3)
						c.Call("fillRect", x+10, y+7, 6, 3)
					} else {
						c.Call("fillRect", x, y+7, 16, 3)
					}
					x += 16 + 6
					c.Set("fillStyle", fg)
					c.Call("fillText", item[0], x, y+12)
					x += c.Call("measureText", item[0]).Get("width").Float() + 16
				}
				y += pngLegend
			}
			if img := imgs[i]; img != nil && img.Truthy() {
				c.Call("drawImage", img, pngPad, y, chartWidth, ch.h)
			}
			y += int(ch.h) + pngPad
		}
		canvasDownload(ctx, name, cv)
	})
}
