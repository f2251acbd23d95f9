package app

import (
	"strings"
	"testing"

	"plasticity/core/data"
)

func TestOwnDataModel(t *testing.T) {
	m := newModel("data=drawn&hidden=4")
	if m.run == nil || m.run.Train.N+m.run.Test.N != len(data.ExampleDrawing()) {
		t.Fatalf("the example drawing: got %v, failure %q", m.run, m.failure)
	}
	// A blank plane cannot train, and says why; a point makes it train.
	m.setPoints([]data.Point{})
	if m.run != nil || !strings.Contains(m.failure, "blank") || !strings.Contains(m.link(), "points=") {
		t.Errorf("a blank plane: run %v, failure %q, link %q", m.run, m.failure, m.link())
	}
	m.setPoints([]data.Point{data.NewPoint(0.5, 0.5, 1)})
	if m.run == nil || m.run.Train.N != 1 || m.run.Train.Classes != 2 {
		t.Errorf("one point: got %v, failure %q", m.run, m.failure)
	}
	m.setPoints(nil)
	if strings.Contains(m.link(), "points") {
		t.Errorf("the example drawing again: link %q", m.link())
	}

	t.Cleanup(func() { data.SetCSV(nil) })
	data.SetCSV(nil)
	tb, err := data.ParseCSV("t.csv", []byte("1,2,a\n3,4,b\n2,2,a\n4,4,b\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	// A link naming a file that is not loaded: no run until the file comes,
	// and the same file uploaded (the same link) builds it.
	m = newModel("data=csv&csv=" + tb.ID)
	if m.run != nil || !strings.Contains(m.failure, "upload the same file") {
		t.Fatalf("before the upload: run %v, failure %q", m.run, m.failure)
	}
	link := m.link()
	m.useTable(tb)
	if m.run == nil || m.link() != link || !m.run.DataInfo.Plane {
		t.Errorf("after the upload: run %v, failure %q, link %q (want %q)", m.run, m.failure, m.link(), link)
	}
	// Picking the csv dataset among the others trains on the loaded file.
	m = newModel("data=spiral")
	m.set("data", data.CSVKey)
	if m.run == nil || m.exp.CSV != tb.ID {
		t.Errorf("picking csv: run %v, csv %q, failure %q", m.run, m.exp.CSV, m.failure)
	}
}
