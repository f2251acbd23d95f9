package components

import (
	"slices"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestTracePath(t *testing.T) {
	t.Parallel()
	// Three steps of θ = 0.5: charge to 0.3, fire at 0.6 (reset to 0.1,
	// soft), charge to 0.4.
	xs, ys := TracePath([]float64{0.3, 0.6, 0.4}, []float64{0.3, 0.1, 0.4})
	if want := []float64{0, 1, 2, 2, 3}; !slices.Equal(xs, want) {
		t.Errorf("xs %v, want %v", xs, want)
	}
	if want := []float64{0, 0.3, 0.6, 0.1, 0.4}; !slices.Equal(ys, want) {
		t.Errorf("ys %v, want %v: a reset is a vertical drop", ys, want)
	}
}

func TestRasterCell(t *testing.T) {
	t.Parallel()
	x, y, w, h := RasterCell(2, 3, 4, 20)
	if w != (rasterW-2*rasterL)/4 || h != 6 || x != rasterL+2*w || y != rasterT+3*6 {
		t.Errorf("cell (2, 3) of 4 steps and 20 rows: %g %g %g %g; want rows 120/20 = 6 high", x, y, w, h)
	}
	if _, _, _, h := RasterCell(0, 0, 4, 2); h != rasterMaxRow {
		t.Errorf("2 rows %g high; want at most %g", h, rasterMaxRow)
	}
	if _, _, _, h := RasterCell(0, 0, 4, 64); h != rasterMinRow {
		t.Errorf("64 rows %g high; want at least %g", h, rasterMinRow)
	}
	if RasterRows(10) != 10 || RasterRows(500) != rasterMaxRows {
		t.Error("RasterRows")
	}
}

func TestSpikeViewsRender(t *testing.T) {
	t.Parallel()
	r := &SpikeRaster{Steps: 2, Where: "at (0, 0)", Layers: []RasterLayer{{
		Title: "Hidden 1", Spikes: [][]bool{{true, false, false}, {true, true, false}}, Chosen: []int{1}, Note: "firing rate 0.5",
	}}}
	load(t, r)
	match(t, goapp.Text("Spikes at (0, 0)"), r, 0, 0, 0, 0)
	match(t, goapp.Div().Class("raster-layer").DataSet("spikes", 3), r, 0, 1, 0)
	m := &MembraneTrace{Threshold: 0.5, Reset: "soft", MPR: true, Traces: []NeuronTrace{{
		Neuron: SpikeNeuron{Layer: 0, Unit: 1}, Title: "Hidden 1, neuron 2",
		Before: []float64{0.3, 0.6}, After: []float64{0.3, 0.1}, Rectified: []float64{0.2, 0.7}, Spikes: []bool{false, true},
	}}}
	load(t, m)
	match(t, goapp.Div().Class("trace-chart").DataSet("spikes", 1), m, 0, 1, 0)
	match(t, goapp.Text("Membrane potential"), m, 0, 0, 0, 0)
}
