// Package qr draws QR codes (ISO/IEC 18004:2015, Model 2) of links, so
// that the page can show an experiment's link as a code to scan from a
// projector or a phone, with no service and no module outside the
// standard library.
//
// It implements what a link needs and no more: byte mode, error correction
// levels L, M, Q and H, versions 1 to 40 (21 to 177 modules a side, up to
// 2,953 bytes at level L and 2,331 at M), Reed–Solomon error correction
// over GF(2⁸) with the field polynomial x⁸+x⁴+x³+x²+1, block interleaving,
// the eight data masks chosen by the standard's four penalty rules, and the
// BCH-protected format and version information. The result is a module
// matrix (Code) with renderers to SVG, RGBA pixels and PNG.
//
// The construction follows the standard in order: data codewords → error
// correction per block and interleaving → function patterns (finders,
// separators, timing, alignment) → codeword placement in two-module
// columns → masking → format and version information.
// The tests decode every code again with a decoder of their own, check
// codewords and format bits against worked examples, and, where zbarimg is
// installed, scan the codes with it.
//
// The package must not import go-app or syscall/js.
package qr
