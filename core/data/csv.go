package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// CSV data: a table the user uploads (the page) or names (`plasticity run
// -csv FILE`), with numeric columns and a label column.
//
// # The file
//
//   - Fields are separated by commas, or by semicolons or tabs if the first
//     line has one of those and no comma; quotes as in RFC 4180. Blank
//     lines are skipped; a UTF-8 byte order mark is allowed.
//   - The label column is the last unless the caller names another. Every
//     other column must hold a finite number on every row (at most 10¹⁰⁰ in
//     magnitude; decimal point, exponent allowed).
//   - The first line is a header (column names) if any of its non-label
//     fields is not a number; otherwise it is data.
//   - Labels are any text. If every label is an integer, the classes are
//     the distinct integers in increasing order; otherwise they are the
//     distinct labels in order of first appearance.
//
// A file breaking any of these, or the limits below, is refused whole with
// an error naming the line (counting from 1, as an editor does): nothing
// of it is kept.

// CSVKey is the key of the uploaded-table dataset, as links name it.
const CSVKey = "csv"

// Limits on a CSV file, so that an upload cannot freeze a phone: the bytes
// are read whole, and every row goes through the network at each
// evaluation (core/run's work caps then bound the network's size).
const (
	MaxCSVBytes   = 1 << 20 // 1 MiB
	MaxCSVRows    = 10000   // data rows, not counting the header
	MaxCSVColumns = 100     // input columns, not counting the label
	MaxCSVClasses = 10      // distinct labels
	maxCSVValue   = 1e100   // inputs beyond this could overflow the standardisation's sums of squares
)

// Table is a parsed CSV file: its examples and where they came from.
type Table struct {
	Examples
	// ID names the table in links: the file's name (letters, digits, '.',
	// '_' and '-' kept, at most 40 characters) and, after a colon, the
	// first 8 hex digits of the SHA-256 of its bytes (and of the label
	// column, when not the last): "iris.csv:3fa2b9c1".
	ID      string
	Name    string   // the file's name as given
	Columns []string // the input columns' names: the header's, or x1, x2 …
	Label   string   // the label column's name
	// ClassNames are the labels of the classes, in class order.
	ClassNames []string
	// Header reports whether the first line was read as column names.
	Header bool
}

// CSVError is an error in a CSV file, at a line (counting from 1; 0 for
// the file as a whole).
type CSVError struct {
	Line int
	Msg  string
}

func (e *CSVError) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// csvIDRE is the form of a Table's ID.
var csvIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{0,40}:[0-9a-f]{8}$`)

// ValidCSVID reports whether id has the form of a Table's ID.
func ValidCSVID(id string) bool { return csvIDRE.MatchString(id) }

// ParseCSV reads a CSV file named name (for its ID) whose labels are in
// column label (counting from 1; 0 or less means the last column). The
// error is a *CSVError.
func ParseCSV(name string, b []byte, label int) (*Table, error) {
	if len(b) > MaxCSVBytes {
		return nil, &CSVError{Msg: fmt.Sprintf("the file has %d bytes; at most %d (1 MiB)", len(b), MaxCSVBytes)}
	}
	if !utf8.Valid(b) {
		return nil, &CSVError{Line: invalidUTF8Line(b), Msg: "not UTF-8 text: is this a CSV file?"}
	}
	body := bytes.TrimPrefix(b, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = separator(body)
	r.FieldsPerRecord = -1 // counted here, for a better message
	r.ReuseRecord = true

	t := &Table{Name: name}
	var (
		cols      int // fields a row has, from the first line
		lab       int // the label column, 0-based
		labels    []string
		labelLine []int // the line of each row, for messages about labels
		first     = true
	)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &CSVError{Line: pe.Line, Msg: csvReason(pe.Err)}
			}
			return nil, &CSVError{Msg: err.Error()}
		}
		line, _ := r.FieldPos(0) // a record has at least one field
		if first {
			cols = len(rec)
			if cols < 2 {
				return nil, &CSVError{Line: line, Msg: fmt.Sprintf("%d column; a file needs at least one input column and a label column", cols)}
			}
			if cols-1 > MaxCSVColumns {
				return nil, &CSVError{Line: line, Msg: fmt.Sprintf("%d input columns; at most %d", cols-1, MaxCSVColumns)}
			}
			lab = cols - 1
			if label > 0 {
				if label > cols {
					return nil, &CSVError{Line: line, Msg: fmt.Sprintf("no column %d for the labels: the file has %d", label, cols)}
				}
				lab = label - 1
			}
			t.Dim = cols - 1
		} else if len(rec) != cols {
			return nil, &CSVError{Line: line, Msg: fmt.Sprintf("%d fields; the first line has %d", len(rec), cols)}
		}
		if first && isHeader(rec, lab) {
			t.Header = true
			for j, f := range rec {
				f = strings.TrimSpace(f)
				if j == lab {
					t.Label = f
				} else {
					t.Columns = append(t.Columns, f)
				}
			}
			first = false
			continue
		}
		first = false
		if t.N == MaxCSVRows {
			return nil, &CSVError{Line: line, Msg: fmt.Sprintf("more than %d rows of data; at most %d", MaxCSVRows, MaxCSVRows)}
		}
		for j, f := range rec {
			if j == lab {
				continue
			}
			v, err := parseCell(f)
			if err != nil {
				return nil, &CSVError{Line: line, Msg: fmt.Sprintf("column %d (%s): %v", j+1, t.columnName(j, lab), err)}
			}
			t.X = append(t.X, v)
		}
		l := strings.TrimSpace(rec[lab])
		if l == "" {
			return nil, &CSVError{Line: line, Msg: fmt.Sprintf("column %d (%s): no label", lab+1, t.columnName(lab, lab))}
		}
		labels = append(labels, l)
		labelLine = append(labelLine, line)
		t.N++
	}
	if t.N == 0 {
		return nil, &CSVError{Msg: "no rows of data"}
	}
	if !t.Header {
		for j := 0; j < cols; j++ {
			if j == lab {
				t.Label = "label"
			} else {
				t.Columns = append(t.Columns, "x"+strconv.Itoa(len(t.Columns)+1))
			}
		}
	}
	if err := t.setClasses(labels, labelLine); err != nil {
		return nil, err
	}
	sum := sha256.New()
	sum.Write(b)
	if label > 0 && label-1 != cols-1 {
		fmt.Fprintf(sum, "\x00label=%d", label)
	}
	t.ID = csvIDName(name) + ":" + hex.EncodeToString(sum.Sum(nil))[:8]
	return t, nil
}

// setClasses numbers the labels (see the package's CSV notes).
func (t *Table) setClasses(labels []string, lines []int) error {
	numeric := true
	for _, l := range labels {
		if _, err := strconv.ParseInt(l, 10, 64); err != nil {
			numeric = false
			break
		}
	}
	if numeric { // "1" and "01" are the same class
		for i, l := range labels {
			n, _ := strconv.ParseInt(l, 10, 64)
			labels[i] = strconv.FormatInt(n, 10)
		}
	}
	index := map[string]int{}
	for i, l := range labels {
		if _, ok := index[l]; !ok {
			if len(t.ClassNames) == MaxCSVClasses {
				return &CSVError{Line: lines[i], Msg: fmt.Sprintf("label %q is class %d; at most %d classes", l, MaxCSVClasses+1, MaxCSVClasses)}
			}
			index[l] = len(t.ClassNames)
			t.ClassNames = append(t.ClassNames, l)
		}
	}
	if numeric {
		slices.SortStableFunc(t.ClassNames, func(a, b string) int {
			x, _ := strconv.ParseInt(a, 10, 64)
			y, _ := strconv.ParseInt(b, 10, 64)
			return cmpInt(x, y)
		})
		for c, l := range t.ClassNames {
			index[l] = c
		}
	}
	if len(t.ClassNames) < 2 {
		return &CSVError{Msg: fmt.Sprintf("every row has the label %q: a classifier needs at least two classes", t.ClassNames[0])}
	}
	t.Classes = len(t.ClassNames)
	t.Labels = make([]int, len(labels))
	for i, l := range labels {
		t.Labels[i] = index[l]
	}
	return nil
}

func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// columnName names column j (0-based) for a message.
func (t *Table) columnName(j, lab int) string {
	if t.Header {
		if j == lab {
			return strconv.Quote(t.Label)
		}
		k := j
		if j > lab {
			k--
		}
		return strconv.Quote(t.Columns[k])
	}
	if j == lab {
		return "the label"
	}
	k := j + 1
	if j > lab {
		k--
	}
	return "x" + strconv.Itoa(k)
}

// parseCell reads an input field: a finite number of magnitude at most
// maxCSVValue.
func parseCell(f string) (float64, error) {
	s := strings.TrimSpace(f)
	if s == "" {
		return 0, errors.New("empty; every input needs a number")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		if len(s) > 20 {
			s = s[:20] + "…"
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxCSVValue {
		return 0, fmt.Errorf("%s is not a finite number of magnitude at most 1e100", s)
	}
	return v, nil
}

// isHeader reports whether the first record is column names: whether any
// of its non-label fields is not a number.
func isHeader(rec []string, lab int) bool {
	for j, f := range rec {
		if j == lab {
			continue
		}
		if _, err := strconv.ParseFloat(strings.TrimSpace(f), 64); err != nil && !errors.Is(err, strconv.ErrRange) {
			return true
		}
	}
	return false
}

// separator returns the field separator: a comma, unless the first line
// has none but has a semicolon or a tab.
func separator(b []byte) rune {
	line := b
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		line = b[:i]
	}
	switch {
	case bytes.IndexByte(line, ',') >= 0:
		return ','
	case bytes.IndexByte(line, ';') >= 0:
		return ';'
	case bytes.IndexByte(line, '\t') >= 0:
		return '\t'
	}
	return ','
}

// csvReason words encoding/csv's errors.
func csvReason(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return "a quote (\") inside a field that is not quoted; quote the whole field and double the quote"
	case errors.Is(err, csv.ErrBareQuote):
		return "a stray quote (\") in a quoted field; double it"
	}
	return err.Error()
}

// invalidUTF8Line returns the line of b's first byte that is not UTF-8.
func invalidUTF8Line(b []byte) int {
	line := 1
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		b = b[n:]
	}
	return line
}

// csvIDName keeps the characters of a file name that a link carries
// readably, at most 40 of them.
func csvIDName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		if b.Len() == 40 {
			break
		}
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Describe says what the table holds, for the page and error messages,
// with the label of each class (the page calls classes by number):
// "iris.csv: 150 rows, 4 inputs, 3 classes (0 setosa, 1 versicolor, 2
// virginica)".
func (t *Table) Describe() string {
	name := t.Name
	if name == "" {
		name = "the CSV file"
	}
	names := make([]string, len(t.ClassNames))
	for c, l := range t.ClassNames {
		if r := []rune(l); len(r) > 20 {
			l = string(r[:20]) + "…"
		}
		names[c] = strconv.Itoa(c) + " " + l
	}
	return fmt.Sprintf("%s: %d rows, %d inputs, %d classes (%s)", name, t.N, t.Dim, t.Classes, strings.Join(names, ", "))
}

// The table the csv dataset holds: set by the page when a file is
// uploaded, and by `plasticity run -csv`. A run checks that the link's
// csv= names it (core/run/owndata.go).
var csvTable struct {
	sync.RWMutex
	t *Table
}

// SetCSV makes t the table of the csv dataset (nil: none).
func SetCSV(t *Table) {
	csvTable.Lock()
	csvTable.t = t
	csvTable.Unlock()
}

// CSV returns the table of the csv dataset, or nil before an upload.
func CSV() *Table {
	csvTable.RLock()
	defer csvTable.RUnlock()
	return csvTable.t
}

// ErrCSVNotLoaded is what the csv dataset's Ready returns before a file is
// uploaded.
var ErrCSVNotLoaded = errors.New("no CSV file is uploaded: choose one in the Data panel (or `plasticity run -csv FILE`)")

func init() {
	Register(Info{
		Key: CSVKey, Title: "Your CSV file", Kind: Classification, Classes: 2,
		Summary: "A table you upload: numeric columns and a label column (the last). Each column is standardised over the training rows; " +
			"a file with two input columns shows in the plane. A link cannot carry the file: whoever opens it uploads the same file.",
		Ready: func() error {
			if CSV() == nil {
				return ErrCSVNotLoaded
			}
			return nil
		},
		Generate: csvGenerate,
	})
}

// csvGenerate returns n rows drawn at random (with replacement) from the
// loaded table, standardised over the whole table; an empty set without a
// table. A run does not call it: it splits the table into training and
// test rows itself (core/run/owndata.go), standardising by the training
// rows alone.
func csvGenerate(n int, _ Params, rnd *rand.Rand) *Set {
	t := CSV()
	if t == nil {
		return newOwnSet(0, 2, 2)
	}
	all, _ := t.Split(0, true, rnd)
	s := newOwnSet(n, t.Dim, t.Classes)
	for i := 0; i < n; i++ {
		k := rnd.IntN(all.N)
		copy(s.Row(i), all.Row(k))
		s.Labels[i] = all.Labels[k]
		s.Y[i*s.Outputs+all.Labels[k]] = 1
	}
	return s
}
