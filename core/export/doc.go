// Package export writes what a run produced in formats other programs
// read: the metrics as CSV and JSON, the experiment as JSON, and the
// trained weights as NumPy arrays (.npy files in a zip: an .npz archive
// that numpy.load opens). It serves the page's download buttons and the
// command line alike, so it must stay light: no go-app, no syscall/js, and
// no plotting library (figures, which need fonts, live in the subpackage
// figure, for the command line).
//
// Every function takes the runs of a comparison in order (run 1 first); a
// single run is a comparison of one.
//
// # Metrics CSV
//
// One header row, then one row per history point per run, run 1's points
// first:
//
//	run,rule,epoch,step,passes,train_loss,test_loss,train_acc,test_acc,update_angle_l1,update_angle_l2,…
//	1,bp,0,0,0,0.6931,0.6932,0.5,0.49,,,…
//
// The columns after test_acc are the probes of every run, in the order they
// first appear (run.Columns names them): a probe that is one number is a
// column named by its key; a probe with one value per weight layer is a
// column per layer, key_l1 (the layer nearest the input), key_l2, …. A
// cell is empty where a figure is missing or not a finite number (no test
// data, the accuracy of a regression, a probe another rule does not have,
// a layer without the probe). Numbers are written in full precision (the
// shortest decimal that reads back as the same float64).
//
// # Metrics JSON
//
// An object with the schema name, the link of the whole comparison and
// one entry per run (the Go types Metrics, RunMetrics and PointMetrics are
// the schema):
//
//	{
//	  "schema": "plasticity-metrics/1",
//	  "link": "v=1&cmp=fa",
//	  "runs": [
//	    {
//	      "run": 1,                      // 1, 2 … as in the link's rN. keys
//	      "rule": "bp",
//	      "link": "v=1",                 // this run alone
//	      "state": "finished",           // ready, finished, diverged or error
//	      "message": "",                 // why a run stopped early
//	      "probes": {"update_angle": {"label": "Update angle to backprop", "unit": "°", "help": "…", "per_layer": true}, …},
//	      "points": [
//	        {"epoch": 0, "step": 0, "passes": 0,
//	         "train_loss": 0.69, "test_loss": 0.69, "train_acc": 0.5, "test_acc": 0.49,
//	         "probes": {"update_angle": [null, null, null], "sparsity": [0.21, 0.25, null]}},
//	        …
//	      ]
//	    }
//	  ]
//	}
//
// test_loss, train_acc and test_acc are null where they do not exist; a
// probe's value is a number, or a list with one entry per weight layer
// (null where a layer has none).
//
// # Experiment JSON
//
// {"schema": "plasticity-experiment/1", "version": 1, "link": …, "runs":
// [{"run": 1, "link": …, "rule": …, "rule_title": …, "cite": …,
// "equation": …, "hyper": {param: value}, "data": …, …}]}: every field of
// each run's Experiment (see the Go type ExperimentRun), with every rule
// hyperparameter spelled out (defaults included, choices by name), and the
// links that reproduce it.
//
// # Weights
//
// NPY writes one array in NumPy's .npy format, version 1.0: little-endian
// float64 ('<f8'), C order. NPZ writes a zip of .npy files: W1.npy (shape
// (n₁, n₀)), b1.npy (shape (n₁,)), W2.npy, b2.npy … for every weight layer,
// and feedback1.npy, feedback2.npy … (in W's shape) for the feedback
// matrices of rules that have them (rule.Feedbacker). For a comparison of several runs the
// names are prefixed run1/, run2/ ….
package export
