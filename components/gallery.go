package components

import (
	"math"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ActionGallery picks an example of the gallery (value GalleryPick).
const ActionGallery = "plasticity/gallery"

// GalleryPick is the value of ActionGallery: Index is the example's index
// in its set, or −1 to close the detail.
type GalleryPick struct {
	Index int
}

// GalleryID returns the id of the canvas of example i of the gallery.
func GalleryID(i int) string { return "gallery-" + strconv.Itoa(i) }

// GalleryDetailID is the id of the canvas of the picked example.
const GalleryDetailID = "gallery-detail-image"

// GalleryItem is one example of a Gallery.
type GalleryItem struct {
	Index       int    // in its set
	Label, Pred string // true and predicted classes
	Confidence  float64
}

// Wrong reports whether the network misclassified the example.
func (g GalleryItem) Wrong() bool { return g.Label != g.Pred }

// Gallery is #gallery: examples of the test set as Grid×Grid images
// (canvases GalleryID(index), painted by app/), each with the network's
// prediction, the true label and its confidence, in the order app/ gives
// them (the mistakes first). Each is a button that posts ActionGallery;
// the picked one (Selected, −1 for none) shows Detail, the activity it
// causes layer by layer.
//
// The automation contract: #gallery carries data-count (examples shown)
// and data-wrong (how many of them are mistakes); each .gallery-item has
// data-index, data-label, data-pred; #activations is the detail.
type Gallery struct {
	goapp.Compo

	Items    []GalleryItem
	Grid     int
	Set      string // "test" or "training"
	Selected int
	Detail   *Activations // nil when none is picked
}

// Render implements goapp.Composer.
func (g *Gallery) Render() goapp.UI {
	wrong := 0
	for _, it := range g.Items {
		if it.Wrong() {
			wrong++
		}
	}
	intro := "Examples of the " + g.Set + " set the network gets wrong come first, surest mistakes first; then the ones it gets right, closest calls first. Pick one to see the activity it causes in each layer."
	if wrong == 0 && len(g.Items) > 0 {
		intro = "The network gets every example shown right; the least confident come first. Pick one to see the activity it causes in each layer."
	}
	return goapp.Figure().ID("gallery").Class("gallery").
		DataSet("count", len(g.Items)).DataSet("wrong", wrong).
		Body(
			goapp.Div().Class("gallery-grid").Role("list").Body(
				goapp.Range(g.Items).Slice(func(i int) goapp.UI {
					it := g.Items[i]
					state := "right"
					if it.Wrong() {
						state = "wrong"
					}
					desc := "Example " + strconv.Itoa(it.Index+1) + ": a " + it.Label + ", predicted " + it.Pred +
						" with " + confidence(it.Confidence) + " confidence"
					return goapp.Div().Role("listitem").Body(
						goapp.Button().Class("gallery-item", "gallery-"+state).
							ID("gallery-item-%d", it.Index).
							DataSet("index", it.Index).DataSet("label", it.Label).DataSet("pred", it.Pred).
							Aria("pressed", it.Index == g.Selected).
							Aria("label", desc).Title("%s", desc).
							OnClick(g.onPick, goapp.EventScope(strconv.Itoa(it.Index))).
							Body(
								&CanvasMap{ID: GalleryID(it.Index), Grid: g.Grid, Class: "gallery-map"},
								goapp.Span().Class("gallery-caption").Body(
									goapp.Span().Class("gallery-pred").Text(it.Pred),
									goapp.Span().Class("gallery-conf").Text(confidence(it.Confidence)),
									goapp.If(it.Wrong(), func() goapp.UI {
										return goapp.Span().Class("gallery-true").Text("is " + it.Label)
									}),
								),
							),
					)
				}),
			),
			goapp.FigCaption().Class("help").Text(intro),
			goapp.If(g.Detail != nil, func() goapp.UI {
				d := *g.Detail
				return &d
			}),
		)
}

// confidence writes a probability as a whole percentage.
func confidence(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.Itoa(int(math.Round(100*v))) + "%"
}

func (g *Gallery) onPick(ctx goapp.Context, e goapp.Event) {
	i, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("index").String())
	if err != nil {
		return
	}
	if i == g.Selected {
		i = -1 // a second click closes the detail
	}
	post(ctx, ActionGallery, GalleryPick{Index: i})
}
