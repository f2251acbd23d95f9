package app

import (
	"strings"
	"testing"
	"time"

	"plasticity/core/rule"
	"plasticity/core/run"
)

func TestNewModelDefault(t *testing.T) {
	t.Parallel()
	m := newModel("")
	if m.run == nil || m.failure != "" {
		t.Fatalf("the default experiment did not build: %s", m.failure)
	}
	if got := m.state(); got != stateReady {
		t.Errorf("state %q, want ready", got)
	}
	if n := m.notice(); n.title != "" {
		t.Errorf("notice %+v for a bare link", n)
	}
	if got, want := m.link(), run.Default().Encode(); got != want {
		t.Errorf("link %q, want %q", got, want)
	}
	if m.playing {
		t.Error("playing without play=1")
	}
}

func TestNewModelBadLink(t *testing.T) {
	t.Parallel()
	m := newModel("lr=banana&data=nosuch&seed=7")
	if m.run == nil {
		t.Fatal("a bad link must still give a run (defaults for the bad keys)")
	}
	if m.exp.Seed != 7 {
		t.Errorf("the good key seed=7 was lost: seed %d", m.exp.Seed)
	}
	n := m.notice()
	if n.kind != "warning" {
		t.Errorf("notice kind %q, want warning", n.kind)
	}
	text := strings.Join(n.items, "\n")
	for _, want := range []string{`lr: "banana" is not a number`, `data: unknown dataset "nosuch"`} {
		if !strings.Contains(text, want) {
			t.Errorf("notice %q lacks %q", text, want)
		}
	}
	// The address bar then holds the experiment actually run.
	if got := m.link(); strings.Contains(got, "banana") || !strings.Contains(got, "seed=7") {
		t.Errorf("link %q", got)
	}
	m.dismiss()
	if n := m.notice(); n.title != "" {
		t.Errorf("dismissed notice still shown: %+v", n)
	}
}

func TestSet(t *testing.T) {
	t.Parallel()
	m := newModel("seed=3")
	old := m.run
	m.set("lr", "0.1")
	if m.exp.LR != 0.1 || m.run == old {
		t.Errorf("lr=0.1: experiment lr %g, run rebuilt %v", m.exp.LR, m.run != old)
	}
	if !strings.Contains(m.link(), "lr=0.1") || !strings.Contains(m.link(), "seed=3") {
		t.Errorf("link %q", m.link())
	}
	if len(m.problems) != 0 {
		t.Errorf("problems %v", m.problems)
	}
	// A value the link would reject is rejected with the link's words, and
	// the default is used, as the message says.
	m.set("lr", "500")
	if m.exp.LR != run.Default().LR {
		t.Errorf("lr=500 gave lr %g", m.exp.LR)
	}
	if n := m.notice(); n.kind != "warning" || len(n.items) != 1 || !strings.HasPrefix(n.items[0], "lr: 500 is outside") {
		t.Errorf("notice %+v", n)
	}
	// Setting the same value again changes nothing.
	r := m.run
	m.set("seed", "3")
	if m.run != r {
		t.Error("an unchanged setting rebuilt the run")
	}
	// Rule hyperparameters travel as <rule>.<key>.
	for _, info := range rule.Rules() {
		for _, p := range info.Params {
			if p.Choices != nil || p.Default == p.Max {
				continue
			}
			m := newModel("rule=" + info.Key)
			m.set(info.Key+"."+p.Key, fmtFloat(p.Max))
			if got := m.exp.RuleHyper()[p.Key]; got != p.Max || len(m.problems) > 0 {
				t.Errorf("%s.%s = %g: got %g, problems %v", info.Key, p.Key, p.Max, got, m.problems)
			}
			break
		}
	}
}

func TestSetDataFitsClasses(t *testing.T) {
	t.Parallel()
	m := newModel("data=spiral&classes=5")
	if m.run.Train.Classes != 5 {
		t.Fatalf("classes %d", m.run.Train.Classes)
	}
	m.set("data", "moons") // a fixed two-class set
	if m.exp.Classes != 0 || len(m.problems) > 0 || m.run.Train.Classes != 2 {
		t.Errorf("moons: classes %d, problems %v", m.exp.Classes, m.problems)
	}
}

func TestEditLayers(t *testing.T) {
	t.Parallel()
	m := newModel("hidden=4")
	for _, step := range []struct {
		layer, delta int
		want         string
	}{
		{-1, 1, "4,4"}, // a new layer copies the last
		{0, 1, "5,4"},  // a neuron more in the first
		{1, -1, "5,3"}, // a neuron less in the second
		{-1, -1, "5"},  // the last layer goes
		{-1, -1, ""},   // no hidden layer: a linear model
		{-1, -1, ""},   // nothing left to remove
		{3, 1, ""},     // no such layer
		{-1, 1, "4"},   // from none, a layer of newLayerWidth
	} {
		m.editLayers(step.layer, step.delta)
		if got := joinInts(m.exp.Hidden); got != step.want {
			t.Fatalf("after %+v: hidden %q, want %q", step, got, step.want)
		}
		if m.run == nil {
			t.Fatalf("after %+v: %s", step, m.failure)
		}
	}
	m = newModel("hidden=1")
	m.editLayers(0, -1)
	if joinInts(m.exp.Hidden) != "1" {
		t.Errorf("a layer went below one neuron: %v", m.exp.Hidden)
	}
	m = newModel("hidden=32")
	m.editLayers(0, 1)
	if m.exp.Hidden[0] != 32 {
		t.Errorf("the + button went past the editor's %d: %v", editMaxWidth, m.exp.Hidden)
	}
	m = newModel("hidden=100") // wider than the editor, from a link
	m.editLayers(0, -1)
	if m.exp.Hidden[0] != 99 {
		t.Errorf("could not narrow a wide layer: %v", m.exp.Hidden)
	}
}

func TestNewSeed(t *testing.T) {
	t.Parallel()
	m := newModel("seed=41")
	m.newSeed()
	if m.exp.Seed != 42 {
		t.Errorf("seed %d, want 42", m.exp.Seed)
	}
	m = newModel("seed=9007199254740991")
	m.newSeed()
	if m.exp.Seed != 0 {
		t.Errorf("seed %d after the largest, want 0", m.exp.Seed)
	}
}

// TestSameLinkSameFigures: the page adds no randomness of its own, and
// figures do not depend on how training was sliced into frames.
func TestSameLinkSameFigures(t *testing.T) {
	t.Parallel()
	const link = "data=moons&seed=11&hidden=8"
	a, b := newModel(link), newModel(link)
	a.play()
	for a.run.StepCount() < 300 {
		a.advance(time.Hour, 10) // frames of 10 steps
	}
	for b.run.StepCount() < 300 {
		b.step(false)
	}
	if ma, mb := a.run.Metrics(), b.run.Metrics(); ma != mb {
		t.Errorf("same link, step 300: %+v and %+v", ma, mb)
	}
	// Painting and measuring between steps, as the page does, changes
	// nothing either.
	c := newModel(link)
	var s run.Snapshot
	for c.run.StepCount() < 300 {
		c.advance(time.Hour, 12)
		c.run.Paint(&s, 16)
		c.run.Metrics()
	}
	for c.run.StepCount() < 300 {
		c.step(false)
	}
	if mc, mb := c.run.Metrics(), b.run.Metrics(); mc != mb {
		t.Errorf("painted while training, step 300: %+v, want %+v", mc, mb)
	}
	// Reset replays the same run.
	m := a.run.Metrics()
	a.reset()
	for a.run.StepCount() < 300 {
		a.step(false)
	}
	if got := a.run.Metrics(); got != m {
		t.Errorf("after reset, step 300: %+v, want %+v", got, m)
	}
}

func TestPlayback(t *testing.T) {
	t.Parallel()
	m := newModel("")
	if !m.play() || m.state() != stateRunning {
		t.Fatalf("play: state %q", m.state())
	}
	m.advance(5*time.Millisecond, 0)
	m.pause()
	if m.state() != statePaused {
		t.Errorf("pause: state %q", m.state())
	}
	n := m.run.StepCount()
	m.step(false)
	if m.run.StepCount() != n+1 || m.playing {
		t.Errorf("step: %d steps after %d, playing %v", m.run.StepCount(), n, m.playing)
	}
	e := m.run.Epoch()
	m.step(true)
	if m.run.Epoch() != e+1 || m.run.StepCount()%m.run.StepsPerEpoch() != 0 {
		t.Errorf("step to the end of the epoch: epoch %d step %d", m.run.Epoch(), m.run.StepCount())
	}
	// A setting changed while playing keeps playing, on the new run.
	m.play()
	m.set("noise", "0.2")
	if !m.playing || m.run.StepCount() != 0 {
		t.Errorf("after a change while playing: playing %v, step %d", m.playing, m.run.StepCount())
	}
}

func TestFinished(t *testing.T) {
	t.Parallel()
	m := newModel("epochs=3&play=1")
	if !m.exp.Play {
		t.Fatal("play=1 lost")
	}
	m.play()
	for i := 0; m.playing && i < 10000; i++ {
		m.advance(time.Millisecond, 0)
	}
	if m.playing || m.run.Epoch() != 3 {
		t.Fatalf("playing %v at epoch %d", m.playing, m.run.Epoch())
	}
	if got := m.state(); got != statePaused {
		t.Errorf("finished: state %q, want paused", got)
	}
	if n := m.notice(); n.kind != "info" || !strings.Contains(n.title, "3 epochs") {
		t.Errorf("notice %+v", n)
	}
	if m.play() {
		t.Error("a finished run played on")
	}
	// The link keeps play=1: it says what happens when the link opens.
	if !strings.Contains(m.link(), "play=1") {
		t.Errorf("link %q lost play=1", m.link())
	}
}

func TestDiverged(t *testing.T) {
	t.Parallel()
	m := newModel("lr=90&opt=sgd&act=relu")
	m.play()
	for i := 0; m.playing && i < 1000; i++ {
		m.advance(time.Millisecond, 0)
	}
	if got := m.state(); got != stateDiverged {
		t.Fatalf("state %q, want diverged", got)
	}
	n := m.notice()
	if n.kind != "error" || !strings.Contains(n.title, "learning rate") {
		t.Errorf("notice %+v", n)
	}
	if m.canTrain() || m.play() {
		t.Error("a diverged run can train")
	}
	m.reset()
	if m.state() != stateReady || !m.canTrain() {
		t.Errorf("reset: state %q", m.state())
	}
}

func TestSuggested(t *testing.T) {
	t.Parallel()
	for _, info := range rule.Rules() {
		m := newModel("rule=" + info.Key)
		if info.Suggested == "" {
			if !m.suggestedApplied() {
				t.Errorf("%s: no suggestion, yet not applied", info.Key)
			}
			continue
		}
		m.applyLink(info.Suggested)
		if !m.suggestedApplied() || len(m.problems) > 0 || m.exp.Rule != info.Key {
			t.Errorf("%s: suggested %q: applied %v, problems %v, rule %s", info.Key, info.Suggested, m.suggestedApplied(), m.problems, m.exp.Rule)
		}
	}
}

// TestWorkerNote: when the training workers fail, the page says it trains
// on its own thread and why, until the user dismisses it; a notice about
// the run itself comes first.
func TestWorkerNote(t *testing.T) {
	m := newModel("")
	m.workerNote = "the training worker speaks protocol version 1, the page 2"
	n := m.notice()
	if n.kind != "info" || !strings.Contains(n.title, "own thread") || !strings.Contains(n.title, "protocol version 1") {
		t.Errorf("notice %+v", n)
	}
	m.dismiss()
	if n := m.notice(); n.title != "" {
		t.Errorf("dismissed, the notice still says %+v", n)
	}
	m = newModel("lr=500")
	m.workerNote = "a worker failed"
	if n := m.notice(); n.kind != "warning" || strings.Contains(n.title, "own thread") {
		t.Errorf("a bad link's notice gave way to the workers' note: %+v", n)
	}
}
