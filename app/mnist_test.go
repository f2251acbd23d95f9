package app

import (
	"path/filepath"
	"slices"
	"testing"

	"plasticity/core/data"
	"plasticity/core/run"
)

// TestModelAwaitsMNIST checks the model's side of loading MNIST in the
// page: before the asset is in, a link to MNIST waits (state fetching, no
// notice, nothing to train); once it is in, the model builds exactly the
// run `plasticity run` builds from the same link. It is not parallel: it
// loads and unloads the images, which are global.
func TestModelAwaitsMNIST(t *testing.T) {
	data.UnloadMNIST()
	t.Cleanup(data.UnloadMNIST)
	const link = "data=mnist14&train=200&test=100&hidden=32&seed=5"
	m := newModel(link)
	if !m.awaitingData || m.run != nil || m.failure != "" {
		t.Fatalf("before the asset: awaiting %v, run %v, failure %q", m.awaitingData, m.run, m.failure)
	}
	if got := m.state(); got != stateFetching {
		t.Errorf("state %q, want %q", got, stateFetching)
	}
	if n := m.notice(); n.title != "" {
		t.Errorf("notice %+v while the data load", n)
	}
	if m.canTrain() || m.play() {
		t.Error("the model would train without data")
	}
	if m.exp.Data != "mnist14" {
		t.Errorf("the experiment has data %q, want the link's mnist14", m.exp.Data)
	}

	if err := data.LoadMNISTFiles(filepath.Join("..", "web", "mnist")); err != nil {
		t.Fatal(err)
	}
	m.rebuild()
	if m.awaitingData || m.run == nil || m.failure != "" {
		t.Fatalf("after the asset: awaiting %v, run %v, failure %q", m.awaitingData, m.run, m.failure)
	}
	if got := m.state(); got != stateReady {
		t.Errorf("state %q, want ready", got)
	}
	e, err := run.Decode(link)
	if err != nil {
		t.Fatal(err)
	}
	native, err := run.New(e)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		m.step(false)
		if err := native.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := m.run.Metrics(), native.Metrics(); got != want {
		t.Errorf("after 5 steps the page's run has %+v, the native run %+v", got, want)
	}
}

func TestAssetURL(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		file, version, url, cache string
	}{
		{data.MNISTTrainFile, "0a1b2c", "/web/mnist/mnist-train-10k.bin.gz?v=0a1b2c", "app-0a1b2c"},
		{data.MNISTTestFile, "", "/web/mnist/mnist-test-2k.bin.gz", ""},
		{data.MNISTTestFile, "dev-abc", "/web/mnist/mnist-test-2k.bin.gz?v=dev-abc", ""},
		{data.MNISTTestFile, "a b", "/web/mnist/mnist-test-2k.bin.gz?v=a+b", "app-a b"},
	} {
		if got := assetURL(test.file, test.version); got != test.url {
			t.Errorf("assetURL(%q, %q) = %q, want %q", test.file, test.version, got, test.url)
		}
		if got := assetCache(test.version); got != test.cache {
			t.Errorf("assetCache(%q) = %q, want %q", test.version, got, test.cache)
		}
		if got, want := shortURL(test.url), "/web/mnist/"+test.file; got != want {
			t.Errorf("shortURL(%q) = %q, want %q", test.url, got, want)
		}
	}
}

// TestDataLoadView checks what #data-load is given: the total only once
// both files' sizes are known.
func TestDataLoadView(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name     string
		l        dataLoad
		received int64
		total    int64
	}{
		{"nothing yet", dataLoad{}, 0, 0},
		{"one size known", dataLoad{received: [2]int64{100, 0}, total: [2]int64{1000, 0}}, 100, 0},
		{"both known", dataLoad{received: [2]int64{100, 20}, total: [2]int64{1000, 300}}, 120, 1300},
	} {
		v := test.l.view()
		if v.Received != test.received || v.Total != test.total || v.Title != mnistDataTitle {
			t.Errorf("%s: received %d of %d, want %d of %d", test.name, v.Received, v.Total, test.received, test.total)
		}
	}
}

func TestSetSizes(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		choices []int
		limit   int
		want    []int
	}{
		{trainSizes, 0, trainSizes},
		{trainSizes, 1000, trainSizes},
		{trainSizes, data.MNISTTrainCount, append(slices.Clone(trainSizes), 5000, 10000)},
		{testSizes, data.MNISTTestCount, append(slices.Clone(testSizes), 2000)}, // 1000 < 1600
	} {
		if got := setSizes(test.choices, test.limit); !slices.Equal(got, test.want) {
			t.Errorf("setSizes(%v, %d) = %v, want %v", test.choices, test.limit, got, test.want)
		}
	}
}

func TestSentences(t *testing.T) {
	t.Parallel()
	for _, test := range []struct{ in, want string }{
		{"the server answered 404 Not Found for /web/mnist/a.gz", "The server answered 404 Not Found for /web/mnist/a.gz."},
		{"a broke off (x)\nb broke off (y).", "A broke off (x). B broke off (y)."},
	} {
		if got := sentences(test.in); got != test.want {
			t.Errorf("sentences(%q) = %q, want %q", test.in, got, test.want)
		}
	}
}
