package figure

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"plasticity/core/run"
)

func trained(t *testing.T, link string) []*run.Run {
	t.Helper()
	spec, err := run.DecodeComparison(link)
	if err != nil {
		t.Fatal(err)
	}
	c, err := run.NewComparison(spec)
	if err != nil {
		t.Fatal(err)
	}
	for c.Ready() {
		c.Step()
	}
	return c.Runs()
}

// svgStats parses an SVG document with encoding/xml and counts its
// stroked paths and collects its texts.
func svgStats(t *testing.T, b []byte) (paths int, texts []string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := ""
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
			if tok.Name.Local == "path" {
				paths++
			}
			inText = tok.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, strings.TrimSpace(string(tok)))
			}
		case xml.EndElement:
			inText = false
		}
	}
	if root != "svg" {
		t.Fatalf("root element %q, want svg", root)
	}
	return paths, texts
}

func TestPlotSVG(t *testing.T) {
	runs := trained(t, "v=1&cmp=bp&r2.lr=0.1&data=xor&epochs=3")
	reg := trained(t, "v=1&data=plane&epochs=2")
	for _, test := range []struct {
		name   string
		runs   []*run.Run
		metric string
		texts  []string // texts the figure must show
	}{
		{"loss", runs, "", []string{"1 bp train_loss", "2 bp test_loss", "Epochs", "Loss"}},
		{"acc", runs, "acc", []string{"1 bp train_acc", "Accuracy"}},
		{"one probe", runs, "update_angle_l1", []string{"1 bp", "2 bp", "update_angle_l1"}},
		{"regression", reg, "loss", []string{"1 bp train_loss"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := PlotSVG(&buf, test.runs, test.metric); err != nil {
				t.Fatal(err)
			}
			paths, texts := svgStats(t, buf.Bytes())
			for _, want := range test.texts {
				found := false
				for _, s := range texts {
					found = found || s == want
				}
				if !found {
					t.Errorf("no text %q in %q", want, texts)
				}
			}
			if paths < 4 {
				t.Errorf("%d paths", paths)
			}
		})
	}
	for _, test := range []struct {
		name   string
		runs   []*run.Run
		metric string
	}{
		{"unknown metric", runs, "nosuch"},
		{"no runs", nil, "loss"},
		{"regression accuracy", reg, "acc"},
	} {
		if err := PlotSVG(io.Discard, test.runs, test.metric); err == nil {
			t.Errorf("%s: no error", test.name)
		}
	}
}
