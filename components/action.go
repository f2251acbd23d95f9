package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// The actions components post. app/ registers a handler for each with
// ctx.Handle; the handler runs on the UI goroutine.
const (
	// ActionSet asks to change one setting of the experiment. Its value is
	// a Setting: a link key and the value as a link would carry it.
	ActionSet = "plasticity/set"
	// ActionPlay toggles training.
	ActionPlay = "plasticity/play"
	// ActionStep trains one minibatch (value StepRequest).
	ActionStep = "plasticity/step"
	// ActionReset restarts the run from its seed.
	ActionReset = "plasticity/reset"
	// ActionCopyLink copies the experiment's link.
	ActionCopyLink = "plasticity/copy-link"
	// ActionNewSeed draws the experiment afresh with another seed.
	ActionNewSeed = "plasticity/new-seed"
	// ActionLayers adds or removes hidden layers or neurons (value LayerEdit).
	ActionLayers = "plasticity/layers"
	// ActionSuggested applies the rule's suggested settings.
	ActionSuggested = "plasticity/suggested"
	// ActionDismiss hides the notice.
	ActionDismiss = "plasticity/dismiss"
	// ActionView changes a display option that is not part of the
	// experiment (value ViewOption).
	ActionView = "plasticity/view"
)

// Setting is the value of ActionSet: Key is a link key ("lr", "data",
// "bp.scale"), Value is written as in a link ("0.03", "spiral", "16,16").
type Setting struct {
	Key, Value string
}

// StepRequest is the value of ActionStep.
type StepRequest struct {
	// Epoch asks to train to the end of the current epoch instead of one
	// minibatch.
	Epoch bool
}

// LayerEdit is the value of ActionLayers. Layer is the index of a hidden
// layer (0 is the first); Delta adds (+1) or removes (−1) a neuron there.
// Layer −1 adds or removes a whole hidden layer at the end.
type LayerEdit struct {
	Layer, Delta int
}

// ViewOption is the value of ActionView.
type ViewOption struct {
	// Key names the option: "test" (show the test points on the decision
	// map; On), "speed" (training speed; Value), "axis" (what the charts'
	// x axis counts: step, epoch or passes), "diag" (the run, 0-based,
	// whose diagnostics show) or "layer" (the weight layer of the feedback
	// heatmaps).
	Key   string
	On    bool
	Value string
}

// post posts the action name with value v.
func post(ctx goapp.Context, name string, v any) {
	ctx.NewActionWithValue(name, v)
}

// The actions of comparisons, rule diagnostics, sharing and downloads.
const (
	// ActionCompare adds a run to the comparison or removes one (value
	// CompareEdit).
	ActionCompare = "plasticity/compare"
	// ActionPick picks the input the rule's diagnostics look at (value
	// Pick): a point of the plane under the cursor, or another example.
	ActionPick = "plasticity/pick"
	// ActionShare opens or closes the share dialog, or ticks a control of
	// the classroom link (value ShareEdit).
	ActionShare = "plasticity/share"
	// ActionDownload downloads an export (value: one of the Download…
	// kinds).
	ActionDownload = "plasticity/download"
)

// CompareEdit is the value of ActionCompare: Add names a rule to append as
// a new run; otherwise Remove is the index (0-based) of the run to remove.
type CompareEdit struct {
	Add    string
	Remove int
}

// Pick is the value of ActionPick. For data in the plane, X and Y are the
// point in [−1, 1]² (x to the right, y up). Otherwise Step moves to
// another example: +1 the next, −1 the previous.
type Pick struct {
	X, Y float64
	Step int
}

// ShareEdit is the value of ActionShare. Open and Close show and hide the
// dialog; otherwise Control (a group of controls, as links name it) is
// locked (Mode "lock") or hidden (Mode "hide") in the classroom link when
// On.
type ShareEdit struct {
	Open, Close bool
	Control     string
	Mode        string
	On          bool
}

// The kinds of ActionDownload.
const (
	DownloadMetricsCSV  = "metrics-csv"
	DownloadMetricsJSON = "metrics-json"
	DownloadExperiment  = "experiment-json"
	DownloadWeights     = "weights-npz"
	DownloadMap         = "map-png"
	DownloadCharts      = "charts-png"
)
