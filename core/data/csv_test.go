package data

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestParseCSV(t *testing.T) {
	for _, test := range []struct {
		name, in string
		label    int
		// want, for a good file
		n, dim, classes int
		header          bool
		classNames      []string
		columns         []string
		x0              []float64 // the first row's inputs
		labels          []int
	}{
		{name: "header", in: "a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n", n: 3, dim: 2, classes: 2, header: true,
			classNames: []string{"cat", "dog"}, columns: []string{"a", "b"}, x0: []float64{1, 2}, labels: []int{0, 1, 0}},
		{name: "no header", in: "1,2,b\n3,4,a\n", n: 2, dim: 2, classes: 2,
			classNames: []string{"b", "a"}, columns: []string{"x1", "x2"}, x0: []float64{1, 2}, labels: []int{0, 1}},
		{name: "integer labels sort by value", in: "0.5,2\n1e3,10\n-1,2\n7,01\n", n: 4, dim: 1, classes: 3,
			classNames: []string{"1", "2", "10"}, columns: []string{"x1"}, x0: []float64{0.5}, labels: []int{1, 2, 1, 0}},
		{name: "semicolons, CRLF, BOM, blank lines, spaces", in: "\ufeffx;y;c\r\n 1 ; 2 ;A\r\n\r\n3;4; B\r\n", n: 2, dim: 2, classes: 2, header: true,
			classNames: []string{"A", "B"}, columns: []string{"x", "y"}, x0: []float64{1, 2}, labels: []int{0, 1}},
		{name: "tabs", in: "1\t2\tyes\n3\t4\tno\n", n: 2, dim: 2, classes: 2,
			classNames: []string{"yes", "no"}, columns: []string{"x1", "x2"}, x0: []float64{1, 2}, labels: []int{0, 1}},
		{name: "quoted fields", in: "\"a,1\",b,label\n1,2,\"x, y\"\n3,4,z\n", n: 2, dim: 2, classes: 2, header: true,
			classNames: []string{"x, y", "z"}, columns: []string{"a,1", "b"}, x0: []float64{1, 2}, labels: []int{0, 1}},
		{name: "label in the first column", in: "kind,a,b\ncat,1,2\ndog,3,4\n", label: 1, n: 2, dim: 2, classes: 2, header: true,
			classNames: []string{"cat", "dog"}, columns: []string{"a", "b"}, x0: []float64{1, 2}, labels: []int{0, 1}},
		{name: "no final newline", in: "1,a\n2,b", n: 2, dim: 1, classes: 2,
			classNames: []string{"a", "b"}, columns: []string{"x1"}, x0: []float64{1}, labels: []int{0, 1}},
	} {
		t.Run(test.name, func(t *testing.T) {
			tb, err := ParseCSV("f.csv", []byte(test.in), test.label)
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			if tb.N != test.n || tb.Dim != test.dim || tb.Classes != test.classes || tb.Header != test.header {
				t.Errorf("got %d rows × %d, %d classes, header %v; want %d × %d, %d, %v", tb.N, tb.Dim, tb.Classes, tb.Header, test.n, test.dim, test.classes, test.header)
			}
			if !slices.Equal(tb.ClassNames, test.classNames) || !slices.Equal(tb.Columns, test.columns) {
				t.Errorf("got classes %q columns %q, want %q %q", tb.ClassNames, tb.Columns, test.classNames, test.columns)
			}
			if !slices.Equal(tb.X[:tb.Dim], test.x0) || !slices.Equal(tb.Labels, test.labels) {
				t.Errorf("got first row %v labels %v, want %v %v", tb.X[:tb.Dim], tb.Labels, test.x0, test.labels)
			}
			if d := tb.Describe(); !strings.HasPrefix(d, "f.csv: ") || !strings.Contains(d, "0 "+test.classNames[0]) {
				t.Errorf("Describe: got %q", d)
			}
			if !ValidCSVID(tb.ID) || !strings.HasPrefix(tb.ID, "f.csv:") {
				t.Errorf("got ID %q", tb.ID)
			}
		})
	}
}

func TestParseCSVErrors(t *testing.T) {
	long := strings.Repeat("1,a\n1,b\n", MaxCSVRows/2) + "1,a\n"
	wide := strings.Repeat("1,", MaxCSVColumns+1) + "a\n"
	var many strings.Builder
	for i := 0; i <= MaxCSVClasses; i++ {
		many.WriteString("1,c" + string(rune('a'+i)) + "\n")
	}
	for _, test := range []struct {
		name, in string
		label    int
		line     int    // the line the error names; 0: the file
		msg      string // a part of the message
	}{
		{"empty", "", 0, 0, "no rows"},
		{"header only", "a,b\n", 0, 0, "no rows"},
		{"one column", "1\n2\n", 0, 1, "at least one input column"},
		{"ragged", "1,2,a\n3,4,b\n5,b\n", 0, 3, "2 fields; the first line has 3"},
		{"not a number", "a,b,c\n1,2,x\n3,oops,y\n", 0, 3, `column 2 ("b"): "oops" is not a number`},
		{"not a number without header", "1,2,x\n3,,y\n", 0, 2, "column 2 (x2): empty"},
		{"NaN", "1,2,x\nNaN,1,y\n", 0, 2, "not a finite number"},
		{"infinity", "1,2,x\n1,-Inf,y\n", 0, 2, "not a finite number"},
		{"overflow", "1,2,x\n1,1e400,y\n", 0, 2, "not a finite number"},
		{"huge", "1,2,x\n1,1e101,y\n", 0, 2, "not a finite number"},
		{"no label", "1,2,x\n3,4, \n", 0, 2, "no label"},
		{"one class", "1,a\n2,a\n", 0, 0, "at least two classes"},
		{"too many classes", many.String(), 0, MaxCSVClasses + 1, "at most 10 classes"},
		{"bare quote", "1,2,x\n1,2\"3,y\n", 0, 2, "quote"},
		{"unterminated quote", "1,2,x\n1,2,\"y\n", 0, 2, "quote"},
		{"binary", "1,2,x\n\xff\xfe,1,y\n", 0, 2, "not UTF-8"},
		{"too many rows", long, 0, MaxCSVRows + 1, "more than 10000 rows"},
		{"too many columns", wide, 0, 1, "input columns; at most 100"},
		{"too large", strings.Repeat("1,a\n", MaxCSVBytes/4+1), 0, 0, "at most 1048576"},
		{"label column out of range", "1,2,a\n", 4, 1, "no column 4"},
	} {
		t.Run(test.name, func(t *testing.T) {
			tb, err := ParseCSV("f.csv", []byte(test.in), test.label)
			var ce *CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("got table %v, error %v; want a *CSVError", tb, err)
			}
			if ce.Line != test.line || !strings.Contains(ce.Msg, test.msg) {
				t.Errorf("got %q (line %d), want line %d and %q", err, ce.Line, test.line, test.msg)
			}
			if test.line > 0 && !strings.HasPrefix(err.Error(), "line ") {
				t.Errorf("got %q, want it to start with the line", err)
			}
		})
	}
}

func TestCSVID(t *testing.T) {
	in := []byte("1,2,a\n3,4,b\n")
	a, _ := ParseCSV("dir/My data (v2).csv", in, 0)
	b, _ := ParseCSV("other.csv", in, 0)
	c, _ := ParseCSV("dir/My data (v2).csv", []byte("1,2,a\n3,5,b\n"), 0)
	d, _ := ParseCSV("dir/My data (v2).csv", in, 3) // the last column named: the same table
	num := []byte("1,2,3\n4,5,6\n")
	e, _ := ParseCSV("dir/My data (v2).csv", num, 1)
	f, _ := ParseCSV("dir/My data (v2).csv", num, 0)
	if !strings.HasPrefix(a.ID, "Mydatav2.csv:") || a.ID[len(a.ID)-8:] != b.ID[len(b.ID)-8:] {
		t.Errorf("got IDs %q and %q: want the same hash, the name's safe characters", a.ID, b.ID)
	}
	if a.ID == c.ID || a.ID != d.ID || e.ID == f.ID {
		t.Errorf("got IDs %q %q %q, %q %q: want a new hash for other bytes or another label column", a.ID, c.ID, d.ID, e.ID, f.ID)
	}
}

func TestExamplesSplit(t *testing.T) {
	// 3 classes of 10, 20 and 1 examples in two columns, one constant.
	ex := &Examples{Dim: 2, Classes: 3}
	for i := 0; i < 31; i++ {
		c := 0
		switch {
		case i >= 10 && i < 30:
			c = 1
		case i == 30:
			c = 2
		}
		ex.X = append(ex.X, float64(i*i), 5)
		ex.Labels = append(ex.Labels, c)
		ex.N++
	}
	train, test := ex.Split(0.3, true, rand.New(rand.NewPCG(seed, seed)))
	train2, test2 := ex.Split(0.3, true, rand.New(rand.NewPCG(seed, seed)))
	if !slices.Equal(train.X, train2.X) || !slices.Equal(test.Labels, test2.Labels) {
		t.Fatalf("same seed, different split")
	}
	// round(10·0.3) + round(20·0.3) + round(1·0.3) = 3 + 6 + 0.
	if train.N != 22 || test.N != 9 {
		t.Errorf("got %d training and %d test examples, want 22 and 9", train.N, test.N)
	}
	var mean, ss float64
	for i := 0; i < train.N; i++ {
		mean += train.Row(i)[0]
		if train.Row(i)[1] != 0 {
			t.Fatalf("constant column: got %v, want 0", train.Row(i)[1])
		}
		if train.Target(i)[train.Labels[i]] != 1 {
			t.Fatalf("target %v for label %d", train.Target(i), train.Labels[i])
		}
	}
	mean /= float64(train.N)
	for i := 0; i < train.N; i++ {
		ss += (train.Row(i)[0] - mean) * (train.Row(i)[0] - mean)
	}
	// Tolerance: a few ulps of the sums of 22 numbers of order 1.
	if math.Abs(mean) > 1e-12 || math.Abs(math.Sqrt(ss/float64(train.N))-Spread) > 1e-12 {
		t.Errorf("standardised column: mean %g, sd %g; want 0 and %g", mean, math.Sqrt(ss/float64(train.N)), Spread)
	}
	all, none := ex.Split(1, false, rand.New(rand.NewPCG(seed, seed)))
	if all.N != 1 || none.N != 30 {
		t.Errorf("test share 1: got %d training examples, want 1 (one always trains)", all.N)
	}
}

func TestCSVDataset(t *testing.T) {
	info, _ := Lookup(CSVKey)
	SetCSV(nil)
	if err := info.CheckReady(); !errors.Is(err, ErrCSVNotLoaded) {
		t.Errorf("before an upload: got %v, want ErrCSVNotLoaded", err)
	}
	tb, err := ParseCSV("f.csv", []byte("1,2,a\n3,4,b\n5,7,a\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	SetCSV(tb)
	defer SetCSV(nil) // the conformance test (data_test.go) needs no table
	if err := info.CheckReady(); err != nil {
		t.Errorf("after an upload: got %v", err)
	}
	s := info.Generate(5, Params{}, rand.New(rand.NewPCG(seed, seed)))
	if s.N != 5 || s.Dim != 2 || s.Classes != 2 {
		t.Errorf("got %v", s)
	}
}

// FuzzParseCSV checks that no file makes ParseCSV panic, and that what it
// accepts is within the limits and consistent.
func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{
		"a,b,kind\n1,2,cat\n3,4,dog\n", "1;2;x\n3;4;y\n", "\"a\",\"b\"\n1,x\n2,y\n", "1,2,x\n1,2\"3,y\n",
		"\ufeff1\t2\t0\n3\t4\t1\n", "1,1\n2,2\n3,3\n", "", ",\n,\n", "1e308,2,a\n-1e308,3,b\n",
	} {
		f.Add([]byte(s), 0)
	}
	f.Fuzz(func(t *testing.T, b []byte, label int) {
		tb, err := ParseCSV("fuzz.csv", b, label%4)
		if err != nil {
			var ce *CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *CSVError", err)
			}
			return
		}
		if tb.N < 1 || tb.N > MaxCSVRows || tb.Dim < 1 || tb.Dim > MaxCSVColumns || tb.Classes < 2 || tb.Classes > MaxCSVClasses {
			t.Fatalf("accepted %d rows × %d, %d classes", tb.N, tb.Dim, tb.Classes)
		}
		if len(tb.X) != tb.N*tb.Dim || len(tb.Labels) != tb.N || len(tb.Columns) != tb.Dim || len(tb.ClassNames) != tb.Classes {
			t.Fatalf("inconsistent table %+v", tb)
		}
		for _, c := range tb.Labels {
			if c < 0 || c >= tb.Classes {
				t.Fatalf("label %d of %d classes", c, tb.Classes)
			}
		}
		train, test := tb.Split(0.3, true, rand.New(rand.NewPCG(seed, seed)))
		for _, s := range []*Set{train, test} {
			for _, v := range s.X {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("standardised input %v", v)
				}
			}
		}
		if !ValidCSVID(tb.ID) {
			t.Fatalf("ID %q", tb.ID)
		}
	})
}
