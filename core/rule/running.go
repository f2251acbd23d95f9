package rule

import "math"

// runningMean is a per-layer average of a quantity a rule measures during
// its steps (goodness, local loss, size of a modulation), for its probes.
// Probes are read whenever the page draws a frame, so reading must not
// reset anything; the average is instead over the recent steps: the plain
// mean of the first steps, then an exponential average with weight
// runningWeight, whose memory (about 1/runningWeight steps) is an epoch of
// the default spiral (400 examples in batches of 16 is 25 steps).
type runningMean struct {
	v     []float64
	steps []int
}

// runningWeight is the weight of the newest step once a layer has seen
// 1/runningWeight steps.
const runningWeight = 0.05

func newRunningMean(layers int) runningMean {
	m := runningMean{v: make([]float64, layers), steps: make([]int, layers)}
	for i := range m.v {
		m.v[i] = math.NaN()
	}
	return m
}

// add records this step's value x for layer l.
func (m *runningMean) add(l int, x float64) {
	m.steps[l]++
	w := max(1/float64(m.steps[l]), runningWeight)
	if m.steps[l] == 1 {
		m.v[l] = x
		return
	}
	m.v[l] += w * (x - m.v[l])
}

// values returns a copy of the averages (NaN for layers never measured).
func (m *runningMean) values() []float64 {
	return append([]float64(nil), m.v...)
}
