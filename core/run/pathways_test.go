package run

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestPathwaysLink(t *testing.T) {
	for _, test := range []struct {
		name, link string
		want       int
		bad        []string
	}{
		{"two deep", "data=eyes&hidden=16,16,16&pathways=3", 3, nil},
		{"one deep", "data=eyes&hidden=16&pathways=1", 1, nil},
		{"zero", "data=eyes&pathways=0", 0, nil},
		{"deeper than the hidden layers", "data=eyes&hidden=16&pathways=2", 0, []string{"pathways"}},
		{"two inputs", "data=moons&hidden=4&pathways=1", 1, nil},
		{"odd inputs", "data=halfspace&dim=3&hidden=4&pathways=1", 0, []string{"pathways"}},
		{"odd width", "data=eyes&hidden=15&pathways=1", 0, []string{"pathways"}},
		{"not a number", "data=eyes&pathways=x", 0, []string{"pathways"}},
		{"negative", "data=eyes&pathways=-1", 0, []string{"pathways"}},
		{"spiking", "data=eyes&hidden=16&neuron=lif&pathways=1", 0, []string{"pathways"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			e, err := Decode(test.link)
			var keys []string
			var le *LinkError
			if errors.As(err, &le) {
				keys = le.Keys()
			}
			if e.Pathways != test.want || !slices.Equal(keys, test.bad) {
				t.Errorf("Decode(%q): pathways %d, problems %v; want %d, %v", test.link, e.Pathways, keys, test.want, test.bad)
			}
			if err := e.Validate(); err != nil {
				t.Errorf("Decode(%q) returned an invalid experiment: %v", test.link, err)
			}
			f, err := Decode(e.Encode())
			if err != nil || !f.Equal(e) {
				t.Errorf("round trip of %q: %q, %v", test.link, f.Encode(), err)
			}
		})
	}
	e := Default()
	e.Pathways = 3
	if e.Validate() == nil {
		t.Error("Validate accepted a split deeper than the hidden layers")
	}
}

// TestPathwaysMask trains a split network and checks that no weight ever
// joins the pathways, and that the probes measure both.
func TestPathwaysMask(t *testing.T) {
	e, err := Decode("data=eyes&hidden=8,6,4&pathways=2&act=linear&epochs=3")
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	for r.State() == Ready {
		r.Advance(time.Second, 0)
	}
	for l, ly := range r.Net.Layers {
		joined := 0
		for o := 0; o < ly.Out; o++ {
			for i := 0; i < ly.In; i++ {
				if crosses(o, i, ly.Out, ly.In) && ly.W.Value[o*ly.In+i] != 0 {
					joined++
				}
			}
		}
		if l < 2 && joined != 0 {
			t.Errorf("layer %d: %d weights join the pathways", l, joined)
		}
		if l >= 2 && joined == 0 {
			t.Errorf("layer %d, above the split: no weight joins the pathways", l)
		}
	}
	p := r.History()[len(r.History())-1]
	for _, key := range []string{"pathway_share", "pathway_acc_a", "pathway_acc_b"} {
		v := metric(p, key)
		if !(v >= 0 && v <= 1) {
			t.Errorf("probe %s = %g; want a share in [0, 1]", key, v)
		}
	}
}
