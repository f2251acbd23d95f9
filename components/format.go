package components

import (
	"math"
	"strconv"
	"strings"
)

// FormatNumber writes v for reading at a glance: three significant digits,
// in plain notation between 0.001 and 100 000, with an exponent otherwise;
// "–" for NaN.
func FormatNumber(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	case v == 0:
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e-3 && a < 1e5 {
		s := strconv.FormatFloat(v, 'g', 3, 64)
		if strings.ContainsRune(s, 'e') { // 'g' picks exponents for 1e3 ≤ |v| with 3 digits
			s = strconv.FormatFloat(math.Round(v), 'f', 0, 64)
		}
		return strings.Replace(s, "-", "−", 1)
	}
	s := strconv.FormatFloat(v, 'e', 2, 64)
	mant, exp, _ := strings.Cut(s, "e")
	mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	n, _ := strconv.Atoi(exp)
	return strings.Replace(mant, "-", "−", 1) + "×10" + superscript(n)
}

// FormatPercent writes a fraction as a percentage with one decimal: 0.9312
// is "93.1%"; "–" for NaN.
func FormatPercent(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// FormatCount writes a whole number with thin spaces between thousands:
// 12345 is "12 345".
func FormatCount(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u2009')
		}
		b.WriteRune(r)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// FormatValue writes v as a link carries it: the shortest decimal that
// reads back as v.
func FormatValue(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var superDigits = []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")

func superscript(n int) string {
	var b strings.Builder
	if n < 0 {
		b.WriteRune('⁻')
		n = -n
	}
	for _, r := range strconv.Itoa(n) {
		b.WriteRune(superDigits[r-'0'])
	}
	return b.String()
}

// FormatFixed writes v with at most d decimals and no trailing zeros:
// FormatFixed(1.50, 2) is "1.5".
func FormatFixed(v float64, d int) string {
	s := strconv.FormatFloat(v, 'f', d, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}
