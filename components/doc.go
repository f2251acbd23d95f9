// Package components holds the playground's views: one go-app component per
// file, each showing what its parent puts in its exported fields and
// reporting what the user did as a go-app action (see action.go).
//
// Components never train, parse links, start timers or touch syscall/js, and
// they never import app/ (DESIGN.md §2): app/ owns the model and handles the
// actions. Canvases are rendered here as elements with stable ids; app/
// paints their pixels.
//
// Why actions and not callback fields: go-app decides whether to re-render a
// child by comparing its exported fields with reflect.DeepEqual, and two
// non-nil funcs are never deeply equal. A component with a callback field
// would re-render every time its parent does, and the page re-renders several
// times a second while training. With actions, a component whose inputs did
// not change is left alone.
//
// The pure rendering math (scales, ticks, SVG paths, the network layout) is
// in plain functions with table tests: chart.go, scale.go, netlayout.go,
// shapes.go, format.go, and BarLayout, ArrowPath, PickAt, ConfusionShade,
// LoadText, RasterCell and TracePath beside the views that
// use them.
package components
