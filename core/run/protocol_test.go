package run

import (
	"errors"
	"math"
	"reflect"
	"testing"
)

// TestMessageRoundTrip encodes and decodes a message of every kind,
// including a State with history, parameters and maps, and NaN figures,
// which must come back bit for bit.
func TestMessageRoundTrip(t *testing.T) {
	r := mustRun(t, "v=1&hidden=4&train=40&test=20&batch=8")
	r.Advance(1e9, 12)
	snap := &Snapshot{}
	r.Paint(snap, 8)
	var st RunState
	r.Export(&st, 2, 0, true, snap, false)
	for _, m := range []Message{
		{Kind: MsgReady, Version: ProtocolVersion},
		{Kind: MsgLoad, Gen: 3, Link: "v=1&cmp=fa", Runs: []int{0, 1}, Steps: 17},
		{Kind: MsgPlay, Speed: 10},
		{Kind: MsgPause, Seq: 9, Grid: 48, Have: []int{1, 2}},
		{Kind: MsgStep, Seq: 10, Epoch: true},
		{Kind: MsgSync, Seq: 11, Grid: 32, Palette: 3, Params: true, Have: []int{-1}},
		{Kind: MsgState, Gen: 3, Seq: 11, Playing: true, States: []RunState{st}, CostNanos: 12345},
		{Kind: MsgError, Gen: -1, Text: "büt why"},
	} {
		t.Run(m.Kind.String(), func(t *testing.T) {
			b := m.Encode(nil)
			got, err := DecodeMessage(b)
			if err != nil {
				t.Fatal(err)
			}
			// reflect.DeepEqual fails on NaN; compare the encodings, and
			// the fields through them.
			if string(got.Encode(nil)) != string(b) {
				t.Errorf("re-encoding differs")
			}
			if m.Kind != MsgState && !reflect.DeepEqual(got, m) {
				t.Errorf("got %+v, want %+v", got, m)
			}
		})
	}
}

// TestAdoptReplica checks the page's side of a worker: a replica built
// from the same link that adopts the states a "worker" run reports (through
// the encoding) ends with the same digest as the worker run, and as a run
// trained on its own.
func TestAdoptReplica(t *testing.T) {
	for _, link := range []string{
		"v=1&epochs=2",
		"v=1&rule=kp&data=xor&epochs=2",
		"v=1&hidden=6&lesion=1:2&lesionat=1&epochs=3",
	} {
		t.Run(link, func(t *testing.T) {
			alone, worker, replica := mustRun(t, link), mustRun(t, link), mustRun(t, link)
			train(alone)
			sent := len(worker.History())
			for worker.State() == Ready {
				worker.Advance(1e9, 7)
				var st RunState
				worker.Export(&st, 0, sent, true, nil, false)
				sent = len(worker.History())
				m := Message{Kind: MsgState, States: []RunState{st}}
				got, err := DecodeMessage(m.Encode(nil))
				if err != nil {
					t.Fatal(err)
				}
				if err := replica.Adopt(&got.States[0]); err != nil {
					t.Fatal(err)
				}
			}
			if d, w := replica.Digest(), alone.Digest(); d != w {
				t.Errorf("replica digest %s, want %s", d, w)
			}
			if d, w := worker.Digest(), alone.Digest(); d != w {
				t.Errorf("worker digest %s, want %s (Run.Digest and the test's Digest disagree)", d, w)
			}
			if replica.Metrics() != alone.Metrics() && !sameMetrics(replica.Metrics(), alone.Metrics()) {
				t.Errorf("metrics %+v, want %+v", replica.Metrics(), alone.Metrics())
			}
			if replica.State() != alone.State() || replica.StepCount() != alone.StepCount() {
				t.Errorf("state %s at %d, want %s at %d", replica.State(), replica.StepCount(), alone.State(), alone.StepCount())
			}
			if len(replica.Lesioned()) != len(alone.Lesioned()) {
				t.Errorf("lesioned %v, want %v", replica.Lesioned(), alone.Lesioned())
			}
		})
	}
}

func sameMetrics(a, b Metrics) bool {
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	return a.Step == b.Step && a.Epoch == b.Epoch && same(a.Passes, b.Passes) &&
		same(a.TrainLoss, b.TrainLoss) && same(a.TestLoss, b.TestLoss) && same(a.TrainAcc, b.TrainAcc) && same(a.TestAcc, b.TestAcc)
}

// TestReplayTo checks that replaying a comparison's runs in separate
// groups (one worker each) reaches the lockstep comparison's state.
func TestReplayTo(t *testing.T) {
	const link = "v=1&cmp=fa,dfa&train=64&batch=8"
	spec, err := DecodeComparison(link)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewComparison(spec)
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(1e12, 23)
	for i, e := range spec.Runs {
		r, err := New(e)
		if err != nil {
			t.Fatal(err)
		}
		ReplayTo([]*Run{r}, ReplaySteps(c.Runs()))
		if got, want := r.Digest(), c.Runs()[i].Digest(); got != want {
			t.Errorf("run %d: digest %s, want %s", i+1, got, want)
		}
	}
}

// TestDecodeMessageErrors checks that another version is named as such,
// and that truncated or corrupt messages fail without panicking.
func TestDecodeMessageErrors(t *testing.T) {
	m := Message{Kind: MsgLoad, Link: "v=1", Runs: []int{0}}
	b := m.Encode(nil)
	other := append([]byte("PLW"), ProtocolVersion+1)
	other = append(other, b[4:]...)
	if _, err := DecodeMessage(other); !errors.Is(err, ErrProtocolVersion) {
		t.Errorf("version %d: got %v, want ErrProtocolVersion", ProtocolVersion+1, err)
	}
	if _, err := DecodeMessage((&Message{Kind: MsgSync, Palette: len(Palettes)}).Encode(nil)); err == nil {
		t.Errorf("palette %d: no error", len(Palettes))
	}
	for n := 0; n < len(b); n++ {
		if _, err := DecodeMessage(b[:n]); err == nil {
			t.Errorf("truncated to %d bytes: no error", n)
		}
	}
	if _, err := DecodeMessage(append(b, 0)); err == nil {
		t.Error("trailing byte: no error")
	}
}

// FuzzDecodeMessage: whatever the bytes, DecodeMessage returns without
// panicking, and a message it accepts encodes to the same bytes.
func FuzzDecodeMessage(f *testing.F) {
	f.Add((&Message{Kind: MsgSync, Grid: 48, Have: []int{3}}).Encode(nil))
	f.Add((&Message{Kind: MsgState, States: []RunState{{Params: [][]float64{{1, 2}}, Units: [][][]byte{{{1}}}}}}).Encode(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeMessage(b)
		if err != nil {
			return
		}
		if got := m.Encode(nil); string(got) != string(b) {
			// Varints have one encoding each, so a message reads back
			// as it was written, except for lengths of empty slices.
			if _, err := DecodeMessage(got); err != nil {
				t.Fatalf("re-encoded message does not decode: %v", err)
			}
		}
	})
}

// BenchmarkMessageParams encodes and decodes a state carrying the
// parameters of MNIST's 784-128-10 network (101,770 values, 814 kB), which
// the page receives about three times a second while MNIST trains.
func BenchmarkMessageParams(b *testing.B) {
	m := &Message{Kind: MsgState, States: []RunState{{Params: [][]float64{
		make([]float64, 128*784), make([]float64, 128), make([]float64, 10*128), make([]float64, 10),
	}}}}
	buf := m.Encode(nil)
	b.Run("Encode", func(b *testing.B) {
		for b.Loop() {
			buf = m.Encode(buf[:0])
		}
	})
	b.Run("Decode", func(b *testing.B) {
		for b.Loop() {
			if _, err := DecodeMessage(buf); err != nil {
				b.Fatal(err)
			}
		}
	})
}
