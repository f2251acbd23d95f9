package run

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"

	"plasticity/core/probe"
)

// The protocol between the page and its training workers (issue 12).
//
// The page runs the playground; each Web Worker runs wasm/worker (a WASM
// binary of the core alone, without go-app) and trains some runs of the
// page's comparison: one run per worker, as many workers as the machine has
// cores (at most MaxRuns). The page keeps a replica of every run, built from
// the same link, and makes it adopt what the worker reports (Run.Adopt): the
// counters, state, metrics, history, update angles and, when asked, every
// parameter. So everything the page reads from a run (figures, charts, the
// network's weights, the rule's diagnostics at a picked input) reads the
// worker's numbers, bit for bit; the maps come painted from the worker.
//
// Every message is one Message, encoded by Encode into one byte slice that
// the sender copies into an ArrayBuffer and transfers (postMessage with a
// transfer list: no copy between threads). An encoded message starts with
// the magic "PLW" and ProtocolVersion; DecodeMessage refuses another version with
// an error wrapping ErrProtocolVersion, on which the page stops using the
// workers and trains on its own thread.
//
// The conversation, page (P) and worker (W):
//
//	W→P  Ready{Version}             once, when the worker's Go has started and
//	                                listens: the page sends nothing before it,
//	                                so no message is lost
//	P→W  Load{Gen, Link, Runs, Steps}
//	                                build runs Runs (0-based indices into the
//	                                comparison Link describes) and train them
//	                                Steps lockstep steps (a replay: the page
//	                                trained its replica that far, e.g. to a
//	                                lesion's epoch, or a worker restarted);
//	                                stops playing. Gen names this load: every
//	                                reply carries it, and the page drops
//	                                replies of an older one
//	P→W  Play{Speed}                train until paused (Speed > 0: at most
//	                                Speed steps per 1/60 s, the page's
//	                                "Slow" and "Medium")
//	P→W  Pause{Seq}                 stop; reply State
//	P→W  Step{Seq, Epoch}           stop; one step, or to the end of the
//	                                epoch; reply State
//	P→W  Sync{Seq, Have, Grid, Palette, Params}
//	                                reply State now: history points after the
//	                                Have[i] the page holds, the maps at Grid
//	                                (0: none) in Palettes[Palette] (the page's
//	                                colour scheme), the parameters if Params
//	W→P  State{Gen, Seq, Playing, Runs, CostNanos}
//	W→P  Error{Gen, Text, Link}     a panic: the page stops using workers;
//	                                or, with Link, the load of Link failed
//	                                (data the worker does not have, such as
//	                                an uploaded CSV file): the page trains
//	                                that comparison on its own thread
//
// Which operations stay on the page: everything but training and painting
// the maps. A per-point view (the rule's diagnostics at the picked input,
// the settling trace, goodness per label, receptive fields, selectivity) is
// computed on the replica, whose parameters are the worker's as of the last
// State with Params. A rule whose state lives outside its parameters
// (weight mirror's feedback, running averages) shows that state as the
// replica's own, from the seed; the figures, charts and maps are the
// worker's in every case.

// ProtocolVersion is the version of the page–worker protocol. Change it
// with any change of Message or its encoding.
const ProtocolVersion = 2

// ErrProtocolVersion is wrapped by DecodeMessage's error for a message of another
// protocol version (a stale cached worker, say).
var ErrProtocolVersion = errors.New("the training worker speaks another protocol version")

// MsgKind says what a Message is.
type MsgKind uint8

// The kinds of Message.
const (
	MsgReady MsgKind = iota + 1
	MsgLoad
	MsgPlay
	MsgPause
	MsgStep
	MsgSync
	MsgState
	MsgError
	msgKinds
)

var msgNames = [...]string{"", "ready", "load", "play", "pause", "step", "sync", "state", "error"}

func (k MsgKind) String() string {
	if k == 0 || k >= msgKinds {
		return fmt.Sprintf("MsgKind(%d)", uint8(k))
	}
	return msgNames[k]
}

// Message is one message of the protocol; which fields count depends on
// Kind (see the conversation above).
type Message struct {
	Kind    MsgKind
	Version int // Ready: the worker's ProtocolVersion
	Gen     int // Load, and every reply to the messages after it
	Seq     int // Pause, Step, Sync, and the State replying to them

	Link  string // Load: the comparison's link
	Runs  []int  // Load: the runs this worker trains, 0-based
	Steps int    // Load: lockstep steps to replay

	Speed int  // Play
	Epoch bool // Step: to the end of the epoch

	Have   []int // Sync: the history points the page holds, per run of Runs
	Grid   int   // Sync: the maps' side in pixels, 0 for none
	Params bool  // Sync: send the parameters
	// Palette is the maps' palette, an index of Palettes (Sync, Pause,
	// Step: with Grid): the page's colour scheme and contrast.
	Palette int

	Playing   bool       // State: the worker goes on training
	States    []RunState // State: one per run of Runs
	CostNanos int64      // State: how long the reply took to make (metrics, maps)

	Text string // Error (and Link, for a failed load)
}

// RunState is what a worker reports of one run: everything the page's
// replica needs to show it (Run.Adopt).
type RunState struct {
	Index   int // in the comparison, 0-based
	Step    int
	Epoch   int
	Passes  float64
	State   State
	Message string
	Metrics Metrics
	// UpdateAngle is Run.UpdateAngle; Lesioned whether the link's lesion
	// is active.
	UpdateAngle []float64
	Lesioned    bool
	// History holds the points from HistoryFrom on.
	HistoryFrom int
	History     []Point
	// Params are the values of every parameter (the network's, then the
	// rule's own), in the optimizer's order; nil unless asked for.
	Params [][]float64
	// Grid, Decision and Units are the maps (Snapshot), when asked for.
	Grid     int
	Decision []byte
	Units    [][][]byte
}

// Export fills s with r's state: history points from from on, the
// parameters if params, and the maps of snap if it is not nil (painted
// before by the caller at the grid it wants). With stale, the metrics are
// the last measured, at the step they name, if any were: measuring takes
// a pass over both data sets, which a worker need not pay at every reply.
func (r *Run) Export(s *RunState, index, from int, params bool, snap *Snapshot, stale bool) {
	m := r.eval.m
	if !stale || !r.eval.valid {
		m = r.Metrics()
	}
	*s = RunState{
		Index: index, Step: r.step, Epoch: r.epoch, Passes: r.passes,
		State: r.state, Message: r.message, Metrics: m,
		UpdateAngle: slices.Clone(r.updateAngle),
		Lesioned:    r.limits.lesion != nil && r.limits.lesion.active,
		HistoryFrom: min(max(from, 0), len(r.history)),
	}
	s.History = r.history[s.HistoryFrom:]
	if params {
		s.Params = make([][]float64, len(r.params))
		for i, p := range r.params {
			s.Params[i] = p.Value
		}
	}
	if snap != nil && snap.Grid > 0 {
		s.Grid, s.Decision, s.Units = snap.Grid, snap.Decision, snap.Units
	}
}

// Adopt makes r, a replica built from the same experiment, show the state
// a worker reported: its counters, state, metrics (cached as Metrics'
// result), update angles, history and, if s has them, its parameters. It
// refuses a state that does not fit r (another network, or history r has
// not seen the start of) and then changes nothing.
func (r *Run) Adopt(s *RunState) error {
	if s.HistoryFrom > len(r.history) {
		return fmt.Errorf("run %d: history from point %d, the page has %d", s.Index+1, s.HistoryFrom, len(r.history))
	}
	if s.Params != nil {
		if len(s.Params) != len(r.params) {
			return fmt.Errorf("run %d: %d parameters, the page's run has %d", s.Index+1, len(s.Params), len(r.params))
		}
		for i, p := range r.params {
			if len(s.Params[i]) != len(p.Value) {
				return fmt.Errorf("run %d: parameter %d has %d values, the page's %d", s.Index+1, i, len(s.Params[i]), len(p.Value))
			}
		}
		for i, p := range r.params {
			copy(p.Value, s.Params[i])
		}
	}
	r.step, r.epoch, r.passes = s.Step, s.Epoch, s.Passes
	r.state, r.message = s.State, s.Message
	if len(s.UpdateAngle) == len(r.updateAngle) {
		copy(r.updateAngle, s.UpdateAngle)
	}
	if ls := r.limits.lesion; ls != nil {
		ls.active = s.Lesioned
	}
	r.history = append(r.history[:s.HistoryFrom], s.History...)
	r.eval = evalCache{valid: true, step: s.Step, m: s.Metrics}
	return nil
}

// Digest returns the SHA-256 of the float64 bits of every figure the run
// recorded (the metrics and probes of every history point) and of its
// parameters, in a fixed order: the same as core/run's TestDigest pins. Two
// runs with the same digest have the same numbers, bit for bit.
func (r *Run) Digest() string {
	h := sha256.New()
	var b [8]byte
	put := func(f float64) {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(f))
		h.Write(b[:])
	}
	for _, p := range r.history {
		binary.LittleEndian.PutUint64(b[:], uint64(int64(p.Step)))
		h.Write(b[:])
		binary.LittleEndian.PutUint64(b[:], uint64(int64(p.Epoch)))
		h.Write(b[:])
		for _, f := range []float64{p.Passes, p.TrainLoss, p.TestLoss, p.TrainAcc, p.TestAcc} {
			put(f)
		}
		for _, m := range p.Probes {
			h.Write([]byte(m.Key))
			for _, v := range m.Values {
				put(v)
			}
		}
	}
	for _, p := range r.params {
		for _, v := range p.Value {
			put(v)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ReplaySteps returns how many lockstep steps a comparison's runs have
// taken: the most any run has (runs that stopped took fewer). Load's Steps.
func ReplaySteps(runs []*Run) int {
	n := 0
	for _, r := range runs {
		n = max(n, r.step)
	}
	return n
}

// ReplayTo trains the runs in lockstep until one has taken steps steps or
// none can go on: what Load's Steps asks a worker to do, so that its runs
// reach the state of the page's.
func ReplayTo(runs []*Run, steps int) {
	for ReplaySteps(runs) < steps {
		any := false
		for _, r := range runs {
			if r.state == Ready {
				r.Step()
				any = true
			}
		}
		if !any {
			return
		}
	}
}

// The encoding: little-endian, varints for integers, float64 bits for
// floats, length-prefixed strings and slices.

const protocolMagic = "PLW"

// maxLen bounds every length DecodeMessage reads, so that a corrupt message fails
// instead of allocating without end.
const maxLen = 1 << 28

// Encode appends the encoding of m to buf and returns it.
func (m *Message) Encode(buf []byte) []byte {
	e := encoder{buf: buf}
	e.buf = append(e.buf, protocolMagic...)
	e.uint(ProtocolVersion)
	e.buf = append(e.buf, byte(m.Kind))
	e.int(m.Version)
	e.int(m.Gen)
	e.int(m.Seq)
	e.str(m.Link)
	e.ints(m.Runs)
	e.int(m.Steps)
	e.int(m.Speed)
	e.bool(m.Epoch)
	e.ints(m.Have)
	e.int(m.Grid)
	e.bool(m.Params)
	e.uint(m.Palette)
	e.bool(m.Playing)
	e.uint(len(m.States))
	for i := range m.States {
		e.runState(&m.States[i])
	}
	e.int(int(m.CostNanos))
	e.str(m.Text)
	return e.buf
}

// DecodeMessage parses a message that Encode wrote. It returns an error wrapping
// ErrProtocolVersion for a message of another version.
func DecodeMessage(b []byte) (m Message, err error) {
	if len(b) < len(protocolMagic) || string(b[:len(protocolMagic)]) != protocolMagic {
		return m, errors.New("not a training worker message")
	}
	d := decoder{buf: b[len(protocolMagic):]}
	if v := d.uint(); v != ProtocolVersion {
		return m, fmt.Errorf("%w: got version %d, the page speaks %d", ErrProtocolVersion, v, ProtocolVersion)
	}
	m.Kind = MsgKind(d.byte())
	m.Version = d.int()
	m.Gen = d.int()
	m.Seq = d.int()
	m.Link = d.str()
	m.Runs = d.ints()
	m.Steps = d.int()
	m.Speed = d.int()
	m.Epoch = d.bool()
	m.Have = d.ints()
	m.Grid = d.int()
	m.Params = d.bool()
	m.Palette = d.uint()
	m.Playing = d.bool()
	if n := d.len(); n > 0 {
		m.States = make([]RunState, n)
		for i := range m.States {
			d.runState(&m.States[i])
		}
	}
	m.CostNanos = int64(d.int())
	m.Text = d.str()
	if d.err == nil && len(d.buf) != 0 {
		d.err = fmt.Errorf("%d bytes after the message", len(d.buf))
	}
	if d.err == nil && (m.Kind == 0 || m.Kind >= msgKinds) {
		d.err = fmt.Errorf("unknown message kind %d", m.Kind)
	}
	if d.err == nil && (m.Palette < 0 || m.Palette >= len(Palettes)) {
		d.err = fmt.Errorf("unknown palette %d", m.Palette)
	}
	if d.err != nil {
		return Message{}, fmt.Errorf("training worker message: %w", d.err)
	}
	return m, nil
}

type encoder struct{ buf []byte }

func (e *encoder) uint(x int)  { e.buf = binary.AppendUvarint(e.buf, uint64(x)) }
func (e *encoder) int(x int)   { e.buf = binary.AppendVarint(e.buf, int64(x)) }
func (e *encoder) bool(x bool) { e.buf = append(e.buf, boolByte(x)) }
func (e *encoder) float(x float64) {
	e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(x))
}
func (e *encoder) str(s string) { e.uint(len(s)); e.buf = append(e.buf, s...) }
func (e *encoder) bytes(b []byte) {
	e.uint(len(b))
	e.buf = append(e.buf, b...)
}

func (e *encoder) ints(xs []int) {
	e.uint(len(xs))
	for _, x := range xs {
		e.int(x)
	}
}

// floats writes a length and the values; nil and empty differ (a length
// of len+1, 0 for nil), since Params nil means "not sent".
func (e *encoder) floats(xs []float64) {
	if xs == nil {
		e.uint(0)
		return
	}
	e.uint(len(xs) + 1)
	n := len(e.buf)
	e.buf = slices.Grow(e.buf, 8*len(xs))[:n+8*len(xs)]
	b := e.buf[n:]
	for i, x := range xs { // one pass, as decoder.floats
		binary.LittleEndian.PutUint64(b[8*i:8*i+8], math.Float64bits(x))
	}
}

func (e *encoder) metrics(m *Metrics) {
	e.int(m.Step)
	e.int(m.Epoch)
	for _, f := range [...]float64{m.Passes, m.TrainLoss, m.TestLoss, m.TrainAcc, m.TestAcc} {
		e.float(f)
	}
}

func (e *encoder) runState(s *RunState) {
	e.int(s.Index)
	e.int(s.Step)
	e.int(s.Epoch)
	e.float(s.Passes)
	e.str(string(s.State))
	e.str(s.Message)
	e.metrics(&s.Metrics)
	e.floats(s.UpdateAngle)
	e.bool(s.Lesioned)
	e.int(s.HistoryFrom)
	e.uint(len(s.History))
	for i := range s.History {
		p := &s.History[i]
		e.metrics(&p.Metrics)
		e.uint(len(p.Probes))
		for _, pm := range p.Probes {
			e.str(pm.Key)
			e.str(pm.Label)
			e.str(pm.Unit)
			e.str(pm.Help)
			e.floats(pm.Values)
			e.bool(pm.PerLayer)
		}
	}
	if s.Params == nil {
		e.uint(0)
	} else {
		e.uint(len(s.Params) + 1)
		for _, p := range s.Params {
			e.floats(p)
		}
	}
	e.int(s.Grid)
	e.bytes(s.Decision)
	e.uint(len(s.Units))
	for _, layer := range s.Units {
		e.uint(len(layer))
		for _, u := range layer {
			e.bytes(u)
		}
	}
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// decoder reads what encoder wrote; the first error sticks and every later
// read returns zero.
type decoder struct {
	buf []byte
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("truncated or corrupt at %s", what)
	}
	d.buf = nil
}

func (d *decoder) byte() byte {
	if len(d.buf) < 1 {
		d.fail("a byte")
		return 0
	}
	b := d.buf[0]
	d.buf = d.buf[1:]
	return b
}

func (d *decoder) uint() int {
	x, n := binary.Uvarint(d.buf)
	if n <= 0 || x > math.MaxInt32 {
		d.fail("an unsigned integer")
		return 0
	}
	d.buf = d.buf[n:]
	return int(x)
}

func (d *decoder) int() int {
	x, n := binary.Varint(d.buf)
	if n <= 0 {
		d.fail("an integer")
		return 0
	}
	d.buf = d.buf[n:]
	return int(x)
}

func (d *decoder) bool() bool { return d.byte() != 0 }

// len reads a length and checks that at least that many bytes follow (every
// element takes one at least).
func (d *decoder) len() int {
	n := d.uint()
	if n > maxLen || n > len(d.buf) {
		d.fail("a length")
		return 0
	}
	return n
}

func (d *decoder) float() float64 {
	if len(d.buf) < 8 {
		d.fail("a float")
		return 0
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(d.buf))
	d.buf = d.buf[8:]
	return f
}

func (d *decoder) bytes() []byte {
	n := d.len()
	if d.err != nil || n == 0 {
		return nil
	}
	b := slices.Clone(d.buf[:n])
	d.buf = d.buf[n:]
	return b
}

func (d *decoder) str() string { return string(d.bytes()) }

func (d *decoder) ints() []int {
	n := d.len()
	if n == 0 {
		return nil
	}
	xs := make([]int, n)
	for i := range xs {
		xs[i] = d.int()
	}
	return xs
}

func (d *decoder) floats() []float64 {
	n := d.uint()
	if n == 0 {
		return nil
	}
	n--
	if n > maxLen || 8*n > len(d.buf) {
		d.fail("a list of floats")
		return nil
	}
	xs := make([]float64, n)
	b := d.buf[:8*n]
	for i := range xs { // one pass, not a call per value: parameters are 10⁵ of them
		xs[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i : 8*i+8]))
	}
	d.buf = d.buf[8*n:]
	return xs
}

func (d *decoder) metrics(m *Metrics) {
	m.Step = d.int()
	m.Epoch = d.int()
	m.Passes = d.float()
	m.TrainLoss = d.float()
	m.TestLoss = d.float()
	m.TrainAcc = d.float()
	m.TestAcc = d.float()
}

func (d *decoder) runState(s *RunState) {
	s.Index = d.int()
	s.Step = d.int()
	s.Epoch = d.int()
	s.Passes = d.float()
	s.State = State(d.str())
	s.Message = d.str()
	d.metrics(&s.Metrics)
	s.UpdateAngle = d.floats()
	s.Lesioned = d.bool()
	s.HistoryFrom = d.int()
	if n := d.len(); n > 0 {
		s.History = make([]Point, n)
		for i := range s.History {
			p := &s.History[i]
			d.metrics(&p.Metrics)
			if k := d.len(); k > 0 {
				p.Probes = make([]probe.Metric, k)
				for j := range p.Probes {
					pm := &p.Probes[j]
					pm.Key, pm.Label, pm.Unit, pm.Help = d.str(), d.str(), d.str(), d.str()
					pm.Values = d.floats()
					pm.PerLayer = d.bool()
				}
			}
		}
	}
	if n := d.uint(); n > 0 {
		n--
		if n > len(d.buf) {
			d.fail("the parameters")
			return
		}
		s.Params = make([][]float64, n)
		for i := range s.Params {
			s.Params[i] = d.floats()
		}
	}
	s.Grid = d.int()
	s.Decision = d.bytes()
	if n := d.len(); n > 0 {
		s.Units = make([][][]byte, n)
		for l := range s.Units {
			if k := d.len(); k > 0 {
				s.Units[l] = make([][]byte, k)
				for j := range s.Units[l] {
					s.Units[l][j] = d.bytes()
				}
			}
		}
	}
}
