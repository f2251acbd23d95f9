package run

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// HeadlessCompare trains the comparison that link describes in lockstep
// for the given number of epochs (as Headless counts them) and writes one
// JSON Record per run per epoch to w, with the run's index (1, 2 …) and
// rule: epoch 0 of every run, then epoch 1 of every run, and so on. A run
// that diverges or fails writes its last record with the state and message
// and stops; the others go on, and HeadlessCompare then returns an error
// naming the runs that stopped. A bad link is an error naming the bad keys.
func HeadlessCompare(w io.Writer, link string, epochs int) error {
	_, err := headless(w, link, epochs, true)
	return err
}

// HeadlessRuns trains what link describes, a single run or a comparison,
// writes what Headless writes (records with a run index only for a
// comparison), and returns the runs as they ended, so that the caller can
// draw or export them (`plasticity run -plot`). The runs are returned with
// the error of a run that stopped early; they are nil for a bad link.
func HeadlessRuns(w io.Writer, link string, epochs int) ([]*Run, error) {
	return headless(w, link, epochs, IsComparison(link))
}

// headless trains link's runs; numbered says whether records carry the
// run's index.
func headless(w io.Writer, link string, epochs int, numbered bool) ([]*Run, error) {
	spec, err := DecodeComparison(link)
	if err != nil {
		return nil, err
	}
	if epochs <= 0 {
		epochs = spec.Base().Epochs
	}
	if epochs <= 0 {
		epochs = 10
	}
	for i := range spec.Runs {
		spec.Runs[i].Epochs = epochs
	}
	c, err := NewComparison(spec)
	if err != nil {
		return nil, err
	}
	index := func(i int) int {
		if numbered {
			return i + 1
		}
		return 0 // omitted from the JSON
	}
	enc := json.NewEncoder(w)
	written := make([]int, c.Len())
	stopped := make([]bool, c.Len())
	var errs []error
	flush := func() error {
		for i, r := range c.Runs() {
			for _, p := range r.History()[written[i]:] {
				rec := r.NewRecord(p)
				rec.Run = index(i)
				if err := enc.Encode(rec); err != nil {
					return err
				}
			}
			written[i] = len(r.History())
			if !stopped[i] && (r.State() == Diverged || r.State() == Failed) {
				stopped[i] = true
				rec := r.NewRecord(Point{Metrics: r.Metrics(), Probes: r.Probes()})
				rec.Run, rec.State, rec.Message = index(i), r.State(), r.Message()
				if err := enc.Encode(rec); err != nil {
					return err
				}
				if numbered {
					errs = append(errs, fmt.Errorf("run %d (%s): %s", i+1, r.Exp.Rule, r.Message()))
				} else {
					errs = append(errs, errors.New(r.Message()))
				}
			}
		}
		return nil
	}
	if err := flush(); err != nil {
		return c.Runs(), err
	}
	for c.Ready() {
		c.Step()
		if err := flush(); err != nil {
			return c.Runs(), err
		}
	}
	return c.Runs(), errors.Join(errs...)
}
