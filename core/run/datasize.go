package run

import "plasticity/core/data"

// fitDataset checks the training and test sizes against what e's dataset
// holds (data.Info.MaxTrain and MaxTest: MNIST's asset has 10,000 training
// and 2,000 test images, fewer than the links' bounds MaxTrain and MaxTest,
// which are MNIST's full splits). With clamp (Decode) a size too large is
// reported and lowered to the most there is; without (Validate) it is only
// reported.
func (e *Experiment) fitDataset(clamp bool, bad func(key, format string, args ...any)) {
	info, ok := data.Lookup(e.Data)
	if !ok {
		return
	}
	for _, f := range []struct {
		key, what string
		n         *int
		max       int
	}{
		{"train", "training", &e.Train, info.MaxTrain},
		{"test", "test", &e.Test, info.MaxTest},
	} {
		if f.max <= 0 || *f.n <= f.max {
			continue
		}
		if clamp {
			bad(f.key, "%s holds %d %s examples here, fewer than %d; using %d", info.Title, f.max, f.what, *f.n, f.max)
			*f.n = f.max
		} else {
			bad(f.key, "%d is more than the %d %s examples %s holds here", *f.n, f.max, f.what, info.Title)
		}
	}
}
