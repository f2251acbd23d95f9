// Package app is the top of the house: the playground's routes, page
// composition, the client-side model (runs, selection, playback), the run
// loop, and the translation between the address bar and a run.Experiment.
//
// It sets components' inputs and handles their intents. Components never
// import this package (DESIGN.md §2). Our package shares go-app's name, so
// go-app is imported as goapp here and this package is aliased in the mains.
//
// The files, one concern each:
//
//	routes.go      Register: the routes both mains and the tests register
//	playground.go  the page: lifecycle (server prerender, client mount) and
//	               the handlers of the components' actions
//	panels.go      the page's layout: top bar, notice, the four panels
//	model.go       the model: the comparison (a single run is a comparison
//	               of one), its runs, playback, notice; plain Go,
//	               tested natively. Every change of setting goes through the
//	               link (run.Decode), so the page and links agree on what
//	               is valid
//	loop.go        the run loop: requestAnimationFrame, training budget,
//	               painting and publishing cadence, adaptive map resolution
//	worker.go      training in Web Workers (wasm/worker, the protocol of
//	               core/run/protocol.go): replicas that adopt the workers'
//	               state; the loop of loop.go is the fallback
//	view.go        model → component inputs (figures, points, charts,
//	               network), pure functions with fresh slices
//	paint.go       canvases: one CopyBytesToJS and one putImageData each
//	thumbs.go      dataset thumbnails, drawn in Go
//	images.go      pictures for image datasets: examples, receptive fields
//	fields.go      image data: every hidden layer's receptive fields as one
//	               mosaic (deeper units as their strongest inputs)
//	mnist.go       fetching the MNIST asset with progress, retry and the
//	               Cache API, then data.SetMNIST and the runs
//	gallery.go     classification: confusion matrix, per-class accuracy,
//	               gallery of test images, the activity of a picked one
//	compare.go     a comparison's inputs: the runs bar, overlaid curves,
//	               small multiples of the decision maps
//	diagnostics.go the rule's own views: feedback heatmaps (Feedbacker),
//	               goodness per label (LabelScorer), modulated inputs
//	               (Modulator), at the input picked on the map
//	spiking.go     spiking networks: the spike raster of the picked input
//	               and the membrane traces of the neurons clicked in it
//	share.go       the share dialog: QR code, classroom link (lock, hide)
//	owndata.go     the user's own data: drawing points on the map, CSV
//	               uploads (read, checked whole, then trained on)
//	download.go    downloads: curves, experiment, weights, PNGs (browser)
//	link.go        the address bar (history.replaceState) and the clipboard
//	a11y.go        keyboard shortcuts, the help overlay, the live summary a
//	               screen reader announces, display options (view=projector,
//	               contrast) and the maps' palette for the colour scheme
//	handler.go, serve.go  the server side (go-app handler, static files)
//
// The automation contract the browser tests read (e2e_test.go) is kept by
// components.StatusBar (#status and its data- attributes), components.PlayBar
// (#play, #step, #reset), components.Notice (#notice) and
// components.DecisionView (#decision-map); model.state says which data-state
// the page is in, and only the client sets one other than "loading". #status
// shows run 1 of a comparison; components.RunsBar's .run-status elements
// carry every run's figures the same way. While the runs wait for MNIST,
// data-state is "fetching" and components.DataLoad is #data-load;
// components.ConfusionMatrix (#confusion) and components.Gallery (#gallery,
// #activations) carry their own data- attributes (e2e_mnist_test.go).
package app
