package app

import (
	"math"
	"strconv"
	"testing"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/data"
	"plasticity/core/run"
)

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func TestFiguresLoadingOnServer(t *testing.T) {
	t.Parallel()
	m := newModel("")
	if f := figuresOf(m, false); f.state != stateLoading {
		t.Errorf("server state %q, want loading", f.state)
	}
	if f := figuresOf(m, true); f.state != stateReady || f.stepsPerEpoch != 25 {
		t.Errorf("client: %+v", f)
	}
}

func TestPointGroups(t *testing.T) {
	t.Parallel()
	m := newModel("data=gauss&classes=3&train=90&test=30")
	groups := pointGroups(m.run)
	if len(groups) != 3 {
		t.Fatalf("%d groups for 3 classes", len(groups))
	}
	train, test := 0, 0
	for c, g := range groups {
		if g.Shape != c || g.Color != hexColor(run.ClassColor(c)) {
			t.Errorf("class %d: shape %d colour %s", c, g.Shape, g.Color)
		}
		train += len(g.TrainX)
		test += len(g.TestX)
	}
	if train != 90 || test != 30 {
		t.Errorf("%d train and %d test points, want 90 and 30", train, test)
	}
	reg := pointGroups(newModel("data=plane&train=50&test=0").run)
	n := 0
	for _, g := range reg {
		n += len(g.TrainX)
	}
	if len(reg) != len(regressionBands)-1 || n != 50 {
		t.Errorf("regression: %d bands, %d points", len(reg), n)
	}
}

func TestChartsOf(t *testing.T) {
	t.Parallel()
	m := newModel("epochs=4")
	m.play()
	for m.playing {
		m.advance(10*time.Millisecond, 0)
	}
	c := chartsOf(m.run)
	if c.loss == nil || c.acc == nil {
		t.Fatal("no loss or accuracy chart")
	}
	if len(c.loss.X) != 5 || len(c.loss.Series) != 2 || len(c.loss.Series[0].Y) != 5 {
		t.Errorf("loss chart: %d x, %d series", len(c.loss.X), len(c.loss.Series))
	}
	for _, ch := range append([]*components.LineChart{c.loss, c.acc}, c.probes...) {
		for _, s := range ch.Series {
			for _, v := range s.Y {
				if math.IsNaN(v) {
					t.Errorf("%s: NaN in series %s (go-app would redraw it at every update)", ch.ID, s.Label)
				}
			}
		}
	}
	if len(c.probes) == 0 {
		t.Error("no probe charts")
	}
	if reg := chartsOf(newModel("data=plane").run); reg.acc != nil {
		t.Error("an accuracy chart for regression")
	}
}

func TestNetworkViewCopiesWeights(t *testing.T) {
	t.Parallel()
	m := newModel("hidden=3")
	w := currentWeights(m.run)
	v := networkView(m.run, w, mapGrid)
	before := v.Weights[0][0]
	m.step(false)
	if v.Weights[0][0] != before {
		t.Error("the view shares the run's weights: go-app would never see them change")
	}
	if got := v.Sizes; len(got) != 3 || got[1] != 3 {
		t.Errorf("sizes %v", got)
	}
}

func TestThumbnail(t *testing.T) {
	t.Parallel()
	for _, info := range data.Datasets() {
		pix := thumbnail(info)
		if !info.Plane {
			s := info.Generate(2, data.Params{}, run.Stream(1, "test"))
			if (pix != nil) != (imageSide(s) > 0) {
				t.Errorf("%s: thumbnail %v for a set of %d inputs", info.Key, pix != nil, info.Dim)
			}
			continue
		}
		if len(pix) != 4*thumbGrid*thumbGrid {
			t.Fatalf("%s: %d bytes", info.Key, len(pix))
		}
		dots := 0
		for p := 0; p < thumbGrid*thumbGrid; p++ {
			if pix[4*p] != run.Background.R || pix[4*p+1] != run.Background.G || pix[4*p+2] != run.Background.B {
				dots++
			}
			if pix[4*p+3] != 255 {
				t.Fatalf("%s: pixel %d not opaque", info.Key, p)
			}
		}
		if dots < thumbPoints/2 {
			t.Errorf("%s: only %d pixels of points", info.Key, dots)
		}
		if string(thumbnail(info)) != string(pix) {
			t.Errorf("%s: thumbnails differ between calls", info.Key)
		}
	}
}

// TestServerRender renders the page as the server does (no browser):
// #status is loading, the playback buttons and #notice are there.
func TestServerRender(t *testing.T) {
	t.Parallel()
	p := &Playground{}
	e := goapp.NewTestEngine()
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	if p.client {
		t.Fatal("the test engine mounted the page as a client")
	}
	if f := p.view.fig; f.state != stateLoading {
		t.Errorf("state %q, want loading", f.state)
	}
	// The top bar: brand, play bar, status, share.
	if err := goapp.Match(&components.PlayBar{CanTrain: true, Speeds: speedOptions(), Speed: "0"}, p, 0, 0, 1); err != nil {
		t.Error(err)
	}
	status := p.view.fig.statusBar()
	if status.State != stateLoading {
		t.Errorf("status bar state %q", status.State)
	}
	if err := goapp.Match(status, p, 0, 0, 2); err != nil {
		t.Error(err)
	}
	if err := goapp.Match(&components.Notice{}, p, 0, 1); err != nil {
		t.Error(err)
	}
}

func TestImageSide(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		link string
		want int
	}{
		{"data=bars", 8},
		{"data=spiral", 0},
		{"data=eyes", 0},                      // 16 inputs, two views: not a picture
		{"data=halfspace&dim=100", 0},         // 100 inputs: not a picture
		{"data=mnist14&train=10&test=10", 14}, // before the images arrive too
	} {
		e, err := run.Decode(test.link)
		if err != nil {
			t.Fatal(err)
		}
		info, _ := data.Lookup(e.Data)
		s := info.Generate(4, data.Params{Dim: e.Dim}, run.Stream(1, "test"))
		if got := imageSide(s); got != test.want {
			t.Errorf("%s: imageSide = %d, want %d", test.link, got, test.want)
		}
	}
	if imageSide(nil) != 0 {
		t.Error("imageSide(nil) != 0")
	}
}

func TestImages(t *testing.T) {
	t.Parallel()
	info, ok := data.Lookup("bars")
	if !ok {
		t.Skip("no bars dataset")
	}
	if pix := thumbnail(info); len(pix) != 4*thumbGrid*thumbGrid {
		t.Fatalf("bars thumbnail: %d bytes", len(pix))
	}
	m := newModel("data=bars&hidden=6")
	if m.run == nil {
		t.Fatal(m.failure)
	}
	k := imageSide(m.run.Train)
	if pix := exampleMosaic(m.run.Train, 1, k); len(pix) != 4*mosaicGrid(k)*mosaicGrid(k) {
		t.Errorf("mosaic: %d bytes", len(pix))
	}
	v := networkView(m.run, currentWeights(m.run), mapGrid)
	if v.Grids[1] != k || v.Grids[0] != 0 || v.MapKind != "field" {
		t.Errorf("bars network pictures: %v (%s)", v.Grids, v.MapKind)
	}
	pix := make([]byte, 4*k*k)
	receptiveField(pix, m.run.Net.Layers[0].W.Value, m.run.Net.Sizes[0], 5, k)
	if pix[3] != 255 {
		t.Error("receptive field not painted")
	}
	if pointGroups(m.run) != nil {
		t.Error("points in the plane for image data")
	}
}
