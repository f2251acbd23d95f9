//go:build measure

package lesson

import (
	"fmt"
	"os"
	"testing"
	"time"

	"plasticity/core/data"
	"plasticity/core/run"
)

func probeVal(p run.Point, key string, l int) float64 {
	for _, m := range p.Probes {
		if m.Key == key {
			if l < len(m.Values) {
				return m.Values[l]
			}
		}
	}
	return -1
}

func TestMeasure(t *testing.T) {
	data.LoadMNISTFiles("../../web/mnist")
	link := os.Getenv("LINK")
	c, err := run.DecodeComparison(link)
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := run.NewComparison(c)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for cmp.Ready() {
		cmp.Advance(time.Hour, 0)
	}
	fmt.Println("time", time.Since(start))
	key := os.Getenv("PROBE")
	for i, r := range cmp.Runs() {
		fmt.Println("run", i+1, r.Exp.Rule, r.State(), r.Message())
		h := r.History()
		every := max(1, len(h)/15)
		for j, p := range h {
			if j%every == 0 || j == len(h)-1 {
				fmt.Printf("  ep %3d trainacc %.3f testacc %.3f loss %.3f", p.Epoch, p.TrainAcc, p.TestAcc, p.TrainLoss)
				if key != "" {
					for l := 0; l < 3; l++ {
						fmt.Printf(" %s[%d]=%.3f", key, l, probeVal(p, key, l))
					}
				}
				fmt.Println()
			}
		}
	}
}

func TestMeasureAlign(t *testing.T) {
	link := os.Getenv("LINK")
	c, _ := run.DecodeComparison(link)
	cmp, err := run.NewComparison(c)
	if err != nil {
		t.Fatal(err)
	}
	for cmp.Ready() {
		for i, r := range cmp.Runs() {
			if r.StepCount()%25 == 0 {
				n, _ := Directions(r)
				norm := 0.0
				for _, v := range n {
					norm += v * v
				}
				fmt.Printf("run %d step %d ep %d align %.3f walign %.3f wnorm %.4f acc %.3f\n", i+1, r.StepCount(), r.Epoch(), Alignment(r), WeightedAlignment(r), norm, r.Metrics().TrainLoss)
			}
		}
		cmp.Step()
	}
}

func TestMeasureTilt(t *testing.T) {
	link := os.Getenv("LINK")
	c, _ := run.DecodeComparison(link)
	cmp, err := run.NewComparison(c)
	if err != nil {
		t.Fatal(err)
	}
	for cmp.Ready() {
		if cmp.Runs()[0].StepCount()%(25*20) == 0 {
			for i, r := range cmp.Runs() {
				m := r.Metrics()
				fmt.Printf("run %d l2 %g ep %d tilt %.2f acc %.3f test %.3f\n", i+1, r.Exp.L2, r.Epoch(), TiltAngle(r), m.TrainAcc, m.TestAcc)
			}
		}
		cmp.Step()
	}
	for i, r := range cmp.Runs() {
		m := r.Metrics()
		fmt.Printf("END run %d l2 %g ep %d tilt %.2f acc %.3f test %.3f\n", i+1, r.Exp.L2, r.Epoch(), TiltAngle(r), m.TrainAcc, m.TestAcc)
	}
}

func TestMeasureGrok(t *testing.T) {
	link := os.Getenv("LINK")
	c, err := run.DecodeComparison(link)
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := run.NewComparison(c)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for cmp.Ready() {
		cmp.Advance(time.Hour, 0)
	}
	fmt.Println("time", time.Since(start))
	for i, r := range cmp.Runs() {
		tr, te := -1, -1
		h := r.History()
		for _, p := range h {
			if tr < 0 && p.TrainAcc >= 0.9 {
				tr = p.Epoch
			}
			if te < 0 && p.TestAcc >= 0.9 {
				te = p.Epoch
			}
		}
		every := max(1, len(h)/12)
		for j, p := range h {
			if j%every == 0 || j == len(h)-1 {
				var wn float64
				_ = wn
				fmt.Printf("  ep %4d train %.3f test %.3f loss %.3f\n", p.Epoch, p.TrainAcc, p.TestAcc, p.TrainLoss)
			}
		}
		fmt.Println("run", i+1, r.State(), "train>=.9 at", tr, "test>=.9 at", te)
	}
}

func TestMeasureLesion(t *testing.T) {
	if err := data.LoadMNISTFiles("../../web/mnist"); err != nil {
		t.Fatal(err)
	}
	link := os.Getenv("LINK")
	c, err := run.DecodeComparison(link)
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := run.NewComparison(c)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for cmp.Ready() {
		cmp.Advance(time.Hour, 0)
	}
	fmt.Println("time", time.Since(start))
	r := cmp.Runs()[0]
	fmt.Println("acc", r.Metrics().TestAcc, "dead", r.DeadUnits())
	for _, k := range []int{1, 2, 4, 8, 16} {
		ls := LesionStudy(r, 1, k, 20)
		fmt.Printf("k=%d: base %.3f selective %.3f random %.3f (least selective %.3f)\n", k, ls.Base, ls.Selective, ls.Random, ls.Least)
	}
}

func TestMeasureSmooth(t *testing.T) {
	data.LoadMNISTFiles("../../web/mnist")
	c, _ := run.DecodeComparison(os.Getenv("LINK"))
	cmp, err := run.NewComparison(c)
	if err != nil {
		t.Fatal(err)
	}
	for cmp.Ready() {
		for i, r := range cmp.Runs() {
			if r.StepCount()%40 == 0 {
				fmt.Printf("run %d ep %d step %d smooth %.3f acc %.3f\n", i+1, r.Epoch(), r.StepCount(), Smoothness(r), r.Metrics().TestAcc)
			}
		}
		cmp.Step()
	}
	for i, r := range cmp.Runs() {
		fmt.Printf("END run %d ep %d smooth %.3f acc %.3f\n", i+1, r.Epoch(), Smoothness(r), r.Metrics().TestAcc)
	}
}

func TestMeasurePC(t *testing.T) {
	for _, g := range []string{"1", "0.1", "0.01"} {
		for _, T := range []int{1, 2, 3, 5, 10, 20, 50, 100, 200} {
			var sum [3]float64
			for seed := 1; seed <= 8; seed++ {
				e, err := run.Decode(fmt.Sprintf("data=circle&rule=pc&pc.nudge=%s&pc.steps=%d&seed=%d&%s", g, T, seed, os.Getenv("EXTRA")))
				if err != nil {
					t.Fatal(err)
				}
				r, err := run.New(e)
				if err != nil {
					t.Fatal(err)
				}
				r.Step()
				for l, a := range r.UpdateAngle() {
					sum[l] += a / 8
				}
			}
			fmt.Printf("gamma %s T %3d angles %.1f %.1f %.1f\n", g, T, sum[0], sum[1], sum[2])
		}
	}
}

func TestMeasureMeanAngle(t *testing.T) {
	c, _ := run.DecodeComparison(os.Getenv("LINK"))
	cmp, err := run.NewComparison(c)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for cmp.Ready() {
		cmp.Advance(time.Hour, 0)
	}
	fmt.Println("time", time.Since(start))
	for i, r := range cmp.Runs() {
		fmt.Printf("run %d hyper %v acc %.3f mean angles %v\n", i+1, r.Exp.Hyper, r.Metrics().TestAcc, MeanUpdateAngle(r))
	}
}

func TestMeasureTasks(t *testing.T) {
	data.LoadMNISTFiles("../../web/mnist")
	c, err := run.DecodeComparison(os.Getenv("LINK"))
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := run.NewComparison(c)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for cmp.Ready() {
		cmp.Advance(time.Hour, 0)
	}
	fmt.Println("time", time.Since(start))
	for i, r := range cmp.Runs() {
		fmt.Printf("run %d %s:%g\n", i+1, r.Exp.Tasks.Rehearsal, r.Exp.Tasks.Replay)
		for _, p := range r.History() {
			fmt.Printf("  ep %d test %.3f tasks", p.Epoch, p.TestAcc)
			for _, m := range p.Probes {
				if m.Key == "task_acc" {
					for _, v := range m.Values {
						fmt.Printf(" %.2f", v)
					}
				}
			}
			fmt.Println()
		}
	}
}

func TestMeasureDrift(t *testing.T) {
	c, err := run.DecodeComparison(os.Getenv("LINK"))
	if err != nil {
		t.Fatal(err)
	}
	cmp, _ := run.NewComparison(c)
	for cmp.Ready() {
		cmp.Advance(time.Hour, 0)
	}
	for i, r := range cmp.Runs() {
		sum, n := 0.0, 0
		for _, p := range r.History() {
			if p.Epoch > r.Exp.Drift {
				sum += p.TrainAcc
				n++
			}
		}
		fmt.Printf("run %d homeo %g mean train acc after first drift %.3f\n", i+1, r.Exp.Homeostasis, sum/float64(n))
	}
}
