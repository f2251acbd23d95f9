package rule_test

import (
	"plasticity/core/data"
	"plasticity/core/run"
)

// dataBatch returns the run's whole training set as one batch.
func dataBatch(r *run.Run) *data.Batch {
	b := data.NewBatch(r.Train, r.Train.N)
	idx := make([]int, r.Train.N)
	for i := range idx {
		idx[i] = i
	}
	b.Fill(r.Train, idx)
	return b
}
