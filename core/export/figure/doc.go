// Package figure draws the curves of runs as SVG figures for papers and
// slides, through gonum/plot. It is for the command line (`plasticity run
// -plot out.svg`): gonum/plot links its fonts in, several megabytes that
// the page's WebAssembly binary should not carry, so the page draws its own
// charts and this package stays apart from package export.
package figure
