package app

import (
	"slices"
	"strconv"
	"strings"

	"plasticity/components"
	"plasticity/core/qr"
	"plasticity/core/run"
)

// Sharing: the share dialog shows the link as a QR code for a lecture
// hall, and builds a classroom link that locks or hides controls
// (run.Controls: lock=… and hide=… in the link). The teacher's own page
// keeps its controls: the ticks apply to the link the dialog shows.

// share is the share dialog's state.
type share struct {
	open       bool
	lock, hide []string // the classroom link's, in the order of run.Controls
	message    string   // "Link copied"

	// The QR code of qrFor, drawn once per link.
	qrFor, qrPath, qrErr string
	qrSide               int
}

// controlLabels name the control groups of run.Controls in the dialog,
// with what each covers.
var controlLabels = map[string][2]string{
	"data":    {"Data", "The dataset, its noise, sizes and classes"},
	"rule":    {"Learning rule", "The rule and its settings"},
	"train":   {"Optimiser", "The optimiser, learning rate, batch size and penalties"},
	"net":     {"Network", "Hidden layers and neurons, activation and initial weights"},
	"seed":    {"Seed", "The seed, and drawing a new one"},
	"epochs":  {"Stop after", "How many epochs the run trains for"},
	"compare": {"Comparison", "Adding and removing runs of other rules"},
}

// toggleControl returns cs with control c added (on) or removed, in the
// order of run.Controls.
func toggleControl(cs []string, c string, on bool) []string {
	var out []string
	for _, k := range run.Controls {
		if k == c && on || k != c && slices.Contains(cs, k) {
			out = append(out, k)
		}
	}
	return out
}

// classroomQuery returns the link of spec with the classroom's locked and
// hidden controls (instead of spec's own).
func classroomQuery(spec run.CompareSpec, lock, hide []string) string {
	c := spec.Clone()
	for i := range c.Runs {
		c.Runs[i].Lock, c.Runs[i].Hide = slices.Clone(lock), slices.Clone(hide)
	}
	return c.Encode()
}

// pageBase returns an address without its query and fragment: the page's
// origin and path.
func pageBase(href string) string {
	if i := strings.IndexAny(href, "?#"); i >= 0 {
		return href[:i]
	}
	return href
}

// qrPath returns the side (in modules, with the quiet zone) of code and
// the SVG path data of its dark modules, one unit per module: each
// horizontal run of dark modules is one rectangle.
func qrPath(code *qr.Code) (side int, path string) {
	var b strings.Builder
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; {
			if !code.Dark(x, y) {
				x++
				continue
			}
			n := 1
			for x+n < code.Size && code.Dark(x+n, y) {
				n++
			}
			b.WriteString("M" + strconv.Itoa(x+qr.QuietZone) + " " + strconv.Itoa(y+qr.QuietZone) +
				"h" + strconv.Itoa(n) + "v1h-" + strconv.Itoa(n) + "z")
			x += n
		}
	}
	return code.Size + 2*qr.QuietZone, b.String()
}

// setQR draws the QR code of link, unless it is drawn already.
func (s *share) setQR(link string) {
	if link == s.qrFor {
		return
	}
	s.qrFor, s.qrPath, s.qrErr, s.qrSide = link, "", "", 0
	code, err := qr.EncodeLink(link)
	if err != nil {
		s.qrErr = "This link is too long for a QR code (" + err.Error() + "); share it as text."
		return
	}
	s.qrSide, s.qrPath = qrPath(code)
}

// downloads lists what the dialog offers to download for the runs.
func downloads(runs []*run.Run) []components.Option {
	out := []components.Option{
		{Value: components.DownloadMetricsCSV, Label: "Curves (CSV)"},
		{Value: components.DownloadMetricsJSON, Label: "Curves (JSON)"},
		{Value: components.DownloadExperiment, Label: "Experiment (JSON)"},
		{Value: components.DownloadWeights, Label: "Weights (.npz)"},
	}
	if len(runs) > 0 && runs[0].DataInfo.Plane {
		out = append(out, components.Option{Value: components.DownloadMap, Label: "Decision map (PNG)"})
	}
	return append(out, components.Option{Value: components.DownloadCharts, Label: "Charts (PNG)"})
}

// shareDialog returns the dialog's inputs; base is the page's address
// without its query.
func (p *Playground) shareDialog(base string) *components.ShareDialog {
	s := &p.sharing
	if !s.open {
		return &components.ShareDialog{}
	}
	link := base + "?" + classroomQuery(p.m.spec, s.lock, s.hide)
	s.setQR(link)
	controls := make([]components.ControlChoice, len(run.Controls))
	for i, c := range run.Controls {
		l := controlLabels[c]
		controls[i] = components.ControlChoice{
			Key: c, Label: l[0], Help: l[1],
			Lock: slices.Contains(s.lock, c), Hide: slices.Contains(s.hide, c),
		}
	}
	return &components.ShareDialog{
		Open: true, Link: link,
		QRSide: s.qrSide, QRPath: s.qrPath, QRError: s.qrErr,
		Controls: controls, Downloads: downloads(p.m.runs()), Message: s.message,
		Note: ownDataNote(p.m.exp), // owndata.go
	}
}
