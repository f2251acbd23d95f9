//go:build !wasm

// Command plasticity serves the playground and runs its experiments headless.
//
// Usage:
//
//	plasticity [serve] [-addr 127.0.0.1:8000] [-dev] [-web DIR]
//	plasticity run [-epochs N] [-mnist DIR] [-plot FILE.svg [-metric M]] LINK
//	plasticity rules
//	plasticity datasets
//	plasticity compress FILE...
//	plasticity static -out DIR [-web DIR]
//	plasticity mnist-asset [-out web/mnist]
//
// serve (the default) serves the pages and the files of web/; build
// web/app.wasm first (make build). run trains the experiment that LINK (an
// address copied from the page, or its query string) describes and prints one
// JSON object per epoch. rules and datasets list what a link may name.
// compress writes FILE.br and FILE.gz next to each FILE, for serve.
// static writes the playground as a static website into DIR, for any host
// that serves files (README: Deploying).
package main

import (
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/andybalholm/brotli"

	playground "plasticity/app"
	"plasticity/core/data"
	"plasticity/core/data/mnistasset"
	"plasticity/core/export/figure"
	"plasticity/core/rule"
	"plasticity/core/run"
)

const usage = `usage:
  plasticity [serve] [-addr 127.0.0.1:8000] [-dev] [-web DIR]
  plasticity run [-epochs N] [-mnist DIR] [-csv FILE [-label N]] [-plot FILE.svg [-metric loss|acc|COLUMN]] LINK
  plasticity rules
  plasticity datasets
  plasticity compress FILE...
  plasticity static -out DIR [-web DIR]
  plasticity mnist-asset [-out web/mnist]
`

// errUsage reports a command line we cannot read, errHelp a request for
// help; the message has been printed already.
var (
	errUsage = errors.New("usage")
	errHelp  = errors.New("help")
)

func main() {
	err := runCommand(os.Args[1:])
	switch {
	case errors.Is(err, errHelp):
		os.Exit(0)
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintf(os.Stderr, "plasticity: %v\n", err)
		os.Exit(1)
	}
}

// runCommand runs the subcommand that args name. A panic becomes an error,
// so that the user sees one line and not a trace.
func runCommand(args []string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v", p)
		}
	}()
	cmd := "serve"
	if len(args) > 0 && (len(args[0]) == 0 || args[0][0] != '-') {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(args)
	case "run":
		return runHeadless(args)
	case "rules":
		for _, r := range rule.Rules() {
			fmt.Printf("%s\t%s\n", r.Key, r.Title)
		}
		return nil
	case "datasets":
		for _, d := range data.Datasets() {
			fmt.Printf("%s\t%s\n", d.Key, d.Title)
		}
		return nil
	case "compress":
		if len(args) == 0 {
			fmt.Fprint(os.Stderr, usage)
			return errUsage
		}
		for _, name := range args {
			if err := compressFile(name, brotliQuality); err != nil {
				return err
			}
		}
		return nil
	case "static":
		return writeStatic(args)
	case "mnist-asset":
		fs := newFlagSet("mnist-asset")
		out := fs.String("out", filepath.Join("web", "mnist"), "write the asset's two files into `directory`")
		if err := parse(fs, args); err != nil {
			return err
		}
		return mnistasset.Write(*out)
	case "help", "-h", "-help", "--help":
		fmt.Print(usage)
		return nil
	default:
		fmt.Fprintf(os.Stderr, "plasticity: unknown command %q\n%s", cmd, usage)
		return errUsage
	}
}

// newFlagSet returns a flag set that reports errors as errUsage.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("plasticity "+name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return errUsage
	}
	return nil
}

// serve runs the web server until SIGINT or SIGTERM, then lets the requests
// in flight finish (for up to 10 seconds).
func serve(args []string) error {
	fs := newFlagSet("serve")
	addr := fs.String("addr", "127.0.0.1:8000", "listen on this `host:port`")
	dev := fs.Bool("dev", false, "development: no caching, files read at each request")
	web := fs.String("web", "web", "serve the files of this `directory` under /web/")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "plasticity serve: unexpected argument %q\n%s", fs.Arg(0), usage)
		return errUsage
	}

	playground.Register()
	srv, err := playground.NewServer(*addr, *web, *dev)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	mode := ""
	if *dev {
		mode = " (development)"
	}
	site := srv.Handler.(*playground.Site)
	fmt.Fprintf(os.Stderr, "plasticity %s%s: serving %s on http://%s\n", site.Version, mode, *web, ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	stop() // a second signal kills at once
	fmt.Fprintln(os.Stderr, "plasticity: shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// writeStatic writes the static website (plasticity static).
func writeStatic(args []string) error {
	fs := newFlagSet("static")
	out := fs.String("out", "", "write the site into this `directory` (created if needed)")
	web := fs.String("web", "web", "the `directory` of static files, with app.wasm built (make build)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "plasticity static: want -out DIR and no arguments\n%s", usage)
		return errUsage
	}
	playground.Register()
	if err := playground.WriteStatic(*out, *web); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "plasticity: wrote the static site into %s\n", *out)
	return nil
}

// runHeadless trains one experiment. Flags may come before or after the
// link: plasticity run 'v=1&data=spiral' -epochs 5.
func runHeadless(args []string) error {
	fs := newFlagSet("run")
	epochs := fs.Int("epochs", 0, "train for `N` epochs (0: the link's own, else 10)")
	plot := fs.String("plot", "", "also draw the curves as SVG into `FILE`")
	metric := fs.String("metric", "loss", "what -plot draws: loss, acc, or probe columns such as update_angle_l1")
	mnist := fs.String("mnist", filepath.Join("web", "mnist"), "read the MNIST asset from `directory` (the files the page fetches)")
	csvFile := fs.String("csv", "", "train on the CSV `file` (numeric columns and a label column), as the page's upload does")
	csvLabel := fs.Int("label", 0, "with -csv: the label column `N`, counting from 1 (0: the last)")
	if err := parse(fs, args); err != nil {
		return err
	}
	var links []string
	for fs.NArg() > 0 {
		links = append(links, fs.Arg(0))
		if err := parse(fs, fs.Args()[1:]); err != nil {
			return err
		}
	}
	if len(links) != 1 {
		fmt.Fprintf(os.Stderr, "plasticity run: want one link, have %d\n%s", len(links), usage)
		return errUsage
	}
	// The same images as the page's: a link that asks for MNIST without
	// them fails with the data package's message, which names the asset.
	if err := data.LoadMNISTFiles(*mnist); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if *csvFile != "" { // owndata: the file becomes the link's data
		t, err := readCSVFile(*csvFile, *csvLabel)
		if err != nil {
			return err
		}
		if links[0], err = run.WithCSV(links[0], t); err != nil {
			return err
		}
		data.SetCSV(t)
	}
	err := runLink(links[0], *epochs, *plot, *metric)
	if errors.Is(err, data.ErrMNISTNotLoaded) {
		return fmt.Errorf("%w: no asset in %s (run from the repository's root, or pass -mnist DIR)", err, *mnist)
	}
	return err
}

// readCSVFile reads and parses the CSV file at path (labels in column
// label, counting from 1; 0: the last), refusing a file larger than
// data.MaxCSVBytes before reading it all.
func readCSVFile(path string, label int) (*data.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, data.MaxCSVBytes+1))
	if err != nil {
		return nil, err
	}
	t, err := data.ParseCSV(filepath.Base(path), b, label)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// runLink trains the link's experiment (or comparison) for epochs, writing
// JSON lines to standard output, and draws metric's curves into plot.
func runLink(link string, epochs int, plot, metric string) error {
	if plot == "" {
		return run.Headless(os.Stdout, link, epochs)
	}
	runs, err := run.HeadlessRuns(os.Stdout, link, epochs)
	if err != nil && len(runs) == 0 {
		return err
	}
	if perr := writeAtomic(plot, func(w io.Writer) error { return figure.PlotSVG(w, runs, metric) }); perr != nil {
		return perr
	}
	return err
}

// brotliQuality trades compression time for size. Measured with a 7.1 MB
// app.wasm on the 2-core build machine (window 2²⁴): quality 9 gives 1.62 MB in
// 1.3 s, 10 gives 1.46 MB in 11.5 s, 11 gives 1.42 MB in 18.5 s (gzip -9:
// 1.94 MB in 0.7 s). 10 keeps make build under 20 s of compression for the
// 8 MB the app grows to, for 3 % more bytes than 11.
const brotliQuality = 10

// compressFile writes name.br (brotli at the given quality) and name.gz
// (gzip, best compression) next to name. Each is written to a temporary file
// first and renamed, so a server never sees half a file.
func compressFile(name string, quality int) error {
	raw, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	err = writeAtomic(name+".br", func(w io.Writer) error {
		bw := brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: quality, LGWin: 24})
		if _, err := bw.Write(raw); err != nil {
			return err
		}
		return bw.Close()
	})
	if err != nil {
		return err
	}
	return writeAtomic(name+".gz", func(w io.Writer) error {
		gw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
		if err != nil {
			return err
		}
		gw.Name = filepath.Base(name)
		if _, err := gw.Write(raw); err != nil {
			return err
		}
		return gw.Close()
	})
}

// writeAtomic creates name with what write writes, through a temporary file
// in the same directory that it renames at the end.
func writeAtomic(name string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
