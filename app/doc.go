// Package app is the top of the house: the playground's routes, page
// composition, the client-side model (runs, selection, playback), the run
// loop, and the translation between the address bar and a run.Experiment.
//
// It sets components' inputs and handles their intents. Components never
// import this package (DESIGN.md §2). Our package shares go-app's name, so
// go-app is imported as goapp here and this package is aliased in the mains.
package app
