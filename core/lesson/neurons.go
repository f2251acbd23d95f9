package lesson

import (
	"math"

	"plasticity/core/run"
)

// Directions returns, for data in the plane, the first layer's weight
// vectors (one x, y pair per unit of the first hidden layer) and the
// direction of each class's mean input (one x, y pair per class, unit
// length). It returns nil for other data or a network without hidden
// layers.
func Directions(r *run.Run) (neurons, classes []float64) {
	if r.Train.Dim != 2 || r.Net.NumLayers() < 2 || r.Net.Inputs() != 2 {
		return nil, nil
	}
	w := r.Net.Layers[0].W.Value
	neurons = append([]float64(nil), w...)
	k := r.Train.Classes
	if k == 0 {
		return neurons, nil
	}
	sum := make([]float64, 2*k)
	for i := 0; i < r.Train.N; i++ {
		c := r.Train.Labels[i]
		sum[2*c] += r.Train.X[2*i]
		sum[2*c+1] += r.Train.X[2*i+1]
	}
	for c := 0; c < k; c++ {
		n := math.Hypot(sum[2*c], sum[2*c+1])
		if n > 0 {
			sum[2*c] /= n
			sum[2*c+1] /= n
		}
	}
	return neurons, sum
}

// WeightedAlignment is Alignment with each unit counted in proportion to
// the length of its weight vector: the units that grow dominate.
func WeightedAlignment(r *run.Run) float64 { return alignment(r, true) }

// Alignment returns the mean over the first layer's units of the largest
// |cos| between the unit's weight vector and a class's mean direction
// (Directions): 1 when every unit points along (or against) some class's
// data, about 0.64 for directions spread evenly in the plane. NaN when
// Directions has nothing.
func Alignment(r *run.Run) float64 { return alignment(r, false) }

func alignment(r *run.Run, weighted bool) float64 {
	neurons, classes := Directions(r)
	if len(neurons) == 0 || len(classes) == 0 {
		return math.NaN()
	}
	sum, total := 0.0, 0.0
	for j := 0; j+1 < len(neurons); j += 2 {
		x, y := neurons[j], neurons[j+1]
		nw := math.Hypot(x, y)
		if nw == 0 {
			continue
		}
		best := 0.0
		for c := 0; c+1 < len(classes); c += 2 {
			best = max(best, math.Abs(x*classes[c]+y*classes[c+1])/nw)
		}
		w := 1.0
		if weighted {
			w = nw
		}
		sum += w * best
		total += w
	}
	if total == 0 {
		return math.NaN()
	}
	return sum / total
}
