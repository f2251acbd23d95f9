package run

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"plasticity/core/data"
)

// A deficit during part of training (link keys deficit and deficitat), for
// critical-period experiments: from epoch From to epoch To (exclusive) the
// training inputs are impaired; the test inputs never are.
//
//	deficit=drop:0.5&deficitat=0-20   the first half of every training input
//	                                  (the top half of an image) is zero for
//	                                  epochs 0 to 19
//
// Kinds: drop:<share> zeroes the leading share of the input coordinates.
// With fully connected networks a deprived half of the inputs recovered
// completely in every setting tried; the critical-period lesson
// (core/lesson/critical_periods.go) deprives one of two pathways
// (pathways.go) of a deep linear network with weight decay, where an early
// deficit does lasting harm and a late one does not.
type Deficit struct {
	Kind     string  // "" (none) or "drop"
	Amount   float64 // drop: the share of leading coordinates zeroed, in (0, 1]
	From, To int     // epochs [From, To)
}

// decodeDeficit reads deficit and deficitat.
func decodeDeficit(vals url.Values, e *Experiment, bad func(key, format string, args ...any)) {
	_, has := vals["deficit"]
	_, hasAt := vals["deficitat"]
	if !has {
		if hasAt {
			bad("deficitat", "there is no deficit (deficit=drop:<share>); ignored")
		}
		return
	}
	var d Deficit
	kind, amount, _ := strings.Cut(last(vals["deficit"]), ":")
	a, err := strconv.ParseFloat(amount, 64)
	if kind != "drop" || err != nil || !(a > 0 && a <= 1) {
		bad("deficit", "%q is not drop:<share> with a share in (0, 1]; no deficit", last(vals["deficit"]))
		return
	}
	d.Kind, d.Amount = kind, a
	if !hasAt {
		bad("deficitat", "a deficit needs its epochs (deficitat=<from>-<to>); no deficit")
		return
	}
	from, to, ok := strings.Cut(last(vals["deficitat"]), "-")
	f, err1 := strconv.Atoi(from)
	t, err2 := strconv.Atoi(to)
	if !ok || err1 != nil || err2 != nil || f < 0 || t <= f || t > MaxEpochs {
		bad("deficitat", "%q is not <from>-<to>, epochs with from < to ≤ %d; no deficit", last(vals["deficitat"]), MaxEpochs)
		return
	}
	d.From, d.To = f, t
	e.Deficit = d
}

// encode writes d's keys into v.
func (d Deficit) encode(v url.Values) {
	if d.Kind == "" {
		return
	}
	v.Set("deficit", d.Kind+":"+fmtFloat(d.Amount))
	v.Set("deficitat", strconv.Itoa(d.From)+"-"+strconv.Itoa(d.To))
}

// check reports a malformed deficit.
func (d Deficit) check() error {
	switch {
	case d.Kind == "" && d != Deficit{}:
		return fmt.Errorf("deficit epochs without a deficit")
	case d.Kind == "":
		return nil
	case d.Kind != "drop" || !(d.Amount > 0 && d.Amount <= 1):
		return fmt.Errorf("deficit %s:%g is not drop:<share in (0, 1]>", d.Kind, d.Amount)
	case d.From < 0 || d.To <= d.From || d.To > MaxEpochs:
		return fmt.Errorf("deficit epochs %d-%d", d.From, d.To)
	}
	return nil
}

// Deprived reports whether the run's training inputs are impaired now.
func (r *Run) Deprived() bool {
	d := r.Exp.Deficit
	return d.Kind != "" && r.epoch >= d.From && r.epoch < d.To
}

// deprive impairs the inputs of batch b during the deficit.
func (r *Run) deprive(b *data.Batch) {
	if !r.Deprived() {
		return
	}
	n := int(math.Round(r.Exp.Deficit.Amount * float64(b.Dim)))
	for i := 0; i < b.N; i++ {
		clear(b.X[i*b.Dim : i*b.Dim+n])
	}
}
