package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"slices"
	"strings"
	"unicode/utf16"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// ErrFont is the class of a font that cannot be used: not an OpenType or
// TrueType font, no such font in a collection, or one whose licence
// forbids embedding.
var ErrFont = errors.New("pdf: unusable font")

// NotoSansCJK is where Debian's fonts-noto-cjk package installs Noto Sans
// CJK; with it, [LoadFontFile] (path, "Noto Sans CJK SC") gives
// Simplified Chinese glyphs, "Noto Sans CJK TC" Traditional ones.
const NotoSansCJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

// Font is a parsed OpenType or TrueType font — CFF or TrueType outlines,
// alone or in a collection (.ttc, .otc) — ready to embed the subset of
// glyphs a document needs. It is read-only and safe to share between
// goroutines.
type Font struct {
	src  []byte
	name string // the font's own name, for the PDF
	f    *sfnt.Font
}

// LoadFont parses font data. In a collection, name picks the font whose
// family or full name contains it ("Noto Sans CJK SC"); an empty name
// picks the first.
func LoadFont(data []byte, name string) (*Font, error) {
	c, err := sfnt.ParseCollection(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFont, err)
	}
	var b sfnt.Buffer
	var names []string
	for i := range c.NumFonts() {
		f, err := c.Font(i)
		if err != nil {
			return nil, fmt.Errorf("%w: font %d: %v", ErrFont, i, err)
		}
		family, _ := f.Name(&b, sfnt.NameIDFamily)
		full, _ := f.Name(&b, sfnt.NameIDFull)
		names = append(names, full)
		if name == "" || strings.Contains(family, name) || strings.Contains(full, name) {
			return &Font{src: data, name: full, f: f}, nil
		}
	}
	return nil, fmt.Errorf("%w: no font %q in the collection (it holds %s)", ErrFont, name, strings.Join(names, ", "))
}

// LoadFontFile reads and parses a font file; see [LoadFont] for name.
func LoadFontFile(path, name string) (*Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return LoadFont(data, name)
}

// LoadFontFS reads and parses a font from fsys; see [LoadFont] for name.
func LoadFontFS(fsys fs.FS, path, name string) (*Font, error) {
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, err
	}
	return LoadFont(data, name)
}

// Name is the font's full name.
func (f *Font) Name() string { return f.name }

// SFNT is the parsed font, for drawing with it elsewhere — such as charts
// (kpi/chart's WithFont) in the same font as the documents.
func (f *Font) SFNT() *sfnt.Font { return f.f }

// subset builds a TrueType font of the glyphs for runes (those the font
// has; the others show as its missing-glyph box): cubic outlines become
// quadratic ones, within a fraction of a font unit at print sizes.
func (f *Font) subset(runes map[rune]bool) ([]byte, error) {
	var b sfnt.Buffer
	upem := int(f.f.UnitsPerEm())
	ppem := fixed.I(upem) // one pixel per font unit: outlines come in font units
	metrics, err := f.f.Metrics(&b, ppem, font.HintingNone)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFont, err)
	}
	sorted := make([]rune, 0, len(runes))
	for r := range runes {
		if r > 0 && r <= 0xFFFF && r != 0xFFFF { // the cmap format fpdf reads covers the BMP
			sorted = append(sorted, r)
		}
	}
	slices.Sort(sorted)
	t := ttf{upem: upem, ascent: units(metrics.Ascent), descent: -units(metrics.Descent),
		capHeight: units(metrics.CapHeight), name: postScriptName(f.name)}
	if t.capHeight == 0 {
		t.capHeight = t.ascent
	}
	if err := t.addGlyph(&b, f.f, 0, ppem); err != nil { // .notdef first
		return nil, err
	}
	seen := map[sfnt.GlyphIndex]uint16{0: 0}
	for _, r := range sorted {
		gi, err := f.f.GlyphIndex(&b, r)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFont, err)
		}
		if gi == 0 {
			continue
		}
		id, ok := seen[gi]
		if !ok {
			id = uint16(len(t.glyphs))
			seen[gi] = id
			if err := t.addGlyph(&b, f.f, gi, ppem); err != nil {
				return nil, err
			}
		}
		t.cmap = append(t.cmap, cmapEntry{r: uint16(r), glyph: id})
	}
	return t.bytes(), nil
}

func units(v fixed.Int26_6) int { return int(math.Round(float64(v) / 64)) }

// postScriptName is a name without spaces or other characters a PDF
// font name may not hold.
func postScriptName(name string) string {
	var s strings.Builder
	for _, r := range name {
		if r > ' ' && r < 0x7f && !strings.ContainsRune("[](){}<>/%", r) {
			s.WriteRune(r)
		}
	}
	if s.Len() == 0 {
		return "EmbeddedFont"
	}
	return s.String() + "-Subset"
}

// ttf is a TrueType font being built.
type ttf struct {
	upem, ascent, descent, capHeight int
	name                             string
	glyphs                           []glyph
	cmap                             []cmapEntry
}

type cmapEntry struct {
	r, glyph uint16
}

// glyph is one TrueType glyph: its contours of points and its advance.
type glyph struct {
	contours [][]point
	advance  int
	box      [4]int // xMin, yMin, xMax, yMax
}

type point struct {
	x, y int
	on   bool
}

// addGlyph converts glyph gi: y up, quadratic curves, contours closed
// implicitly.
func (t *ttf) addGlyph(b *sfnt.Buffer, f *sfnt.Font, gi sfnt.GlyphIndex, ppem fixed.Int26_6) error {
	adv, err := f.GlyphAdvance(b, gi, ppem, font.HintingNone)
	if err != nil {
		return fmt.Errorf("%w: glyph %d: %v", ErrFont, gi, err)
	}
	segs, err := f.LoadGlyph(b, gi, ppem, nil)
	if err != nil {
		return fmt.Errorf("%w: glyph %d: %v", ErrFont, gi, err)
	}
	g := glyph{advance: units(adv)}
	var cur []point
	var at [2]float64
	pt := func(p fixed.Point26_6) [2]float64 { return [2]float64{float64(p.X) / 64, -float64(p.Y) / 64} } // sfnt's y grows down
	add := func(p [2]float64, on bool) {
		cur = append(cur, point{x: int(math.Round(p[0])), y: int(math.Round(p[1])), on: on})
	}
	closeContour := func() {
		if len(cur) > 1 && cur[len(cur)-1] == cur[0] {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			g.contours = append(g.contours, cur)
		}
		cur = nil
	}
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			closeContour()
			at = pt(s.Args[0])
			add(at, true)
		case sfnt.SegmentOpLineTo:
			at = pt(s.Args[0])
			add(at, true)
		case sfnt.SegmentOpQuadTo:
			add(pt(s.Args[0]), false)
			at = pt(s.Args[1])
			add(at, true)
		case sfnt.SegmentOpCubeTo:
			// Two quadratics per half of the cubic (split at t = ½ and
			// again), each through the midpoint estimate of its control.
			p0, p1, p2, p3 := at, pt(s.Args[0]), pt(s.Args[1]), pt(s.Args[2])
			for _, c := range splitCubic(p0, p1, p2, p3, 2) {
				ctl := [2]float64{(3*(c[1][0]+c[2][0]) - c[0][0] - c[3][0]) / 4, (3*(c[1][1]+c[2][1]) - c[0][1] - c[3][1]) / 4}
				add(ctl, false)
				add(c[3], true)
			}
			at = p3
		}
	}
	closeContour()
	first := true
	for _, c := range g.contours {
		for _, p := range c {
			if first {
				g.box = [4]int{p.x, p.y, p.x, p.y}
				first = false
			}
			g.box = [4]int{min(g.box[0], p.x), min(g.box[1], p.y), max(g.box[2], p.x), max(g.box[3], p.y)}
		}
	}
	t.glyphs = append(t.glyphs, g)
	return nil
}

// splitCubic splits a cubic Bézier curve into 2^depth pieces.
func splitCubic(p0, p1, p2, p3 [2]float64, depth int) [][4][2]float64 {
	if depth == 0 {
		return [][4][2]float64{{p0, p1, p2, p3}}
	}
	mid := func(a, b [2]float64) [2]float64 { return [2]float64{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2} }
	a, b, c := mid(p0, p1), mid(p1, p2), mid(p2, p3)
	d, e := mid(a, b), mid(b, c)
	m := mid(d, e)
	return append(splitCubic(p0, a, d, m, depth-1), splitCubic(m, e, c, p3, depth-1)...)
}

// bytes writes the font: the tables a PDF reader (and fpdf) needs.
func (t *ttf) bytes() []byte {
	glyf, loca, box, maxPoints, maxContours, maxAdvance := t.glyfLoca()
	tables := map[string][]byte{
		"cmap": t.cmapTable(),
		"glyf": glyf,
		"head": t.head(box),
		"hhea": t.hhea(maxAdvance),
		"hmtx": t.hmtx(),
		"loca": loca,
		"maxp": be(uint32(0x00010000), uint16(len(t.glyphs)), uint16(maxPoints), uint16(maxContours), uint16(0), uint16(0), uint16(2),
			uint16(0), uint16(0), uint16(0), uint16(0), uint16(0), uint16(0), uint16(0), uint16(0)),
		"name": t.nameTable(),
		"OS/2": t.os2(box),
		"post": be(uint32(0x00030000), uint32(0), int16(-t.upem/10), int16(t.upem/20), uint32(0), uint32(0), uint32(0), uint32(0), uint32(0)),
	}
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, tag)
	}
	slices.Sort(tags)
	n := len(tags)
	entrySelector := int(math.Floor(math.Log2(float64(n))))
	searchRange := (1 << entrySelector) * 16
	var out bytes.Buffer
	out.Write(be(uint32(0x00010000), uint16(n), uint16(searchRange), uint16(entrySelector), uint16(n*16-searchRange)))
	offset := 12 + 16*n
	var body bytes.Buffer
	for _, tag := range tags {
		data := tables[tag]
		out.WriteString(tag)
		out.Write(be(checksum(data), uint32(offset+body.Len()), uint32(len(data))))
		body.Write(data)
		for body.Len()%4 != 0 {
			body.WriteByte(0)
		}
	}
	out.Write(body.Bytes())
	return out.Bytes()
}

// glyfLoca writes the glyphs with long offsets, and the font's bounds and
// maxima.
func (t *ttf) glyfLoca() (glyf, loca []byte, box [4]int, maxPoints, maxContours, maxAdvance int) {
	var g bytes.Buffer
	var l bytes.Buffer
	first := true
	for _, gl := range t.glyphs {
		l.Write(be(uint32(g.Len())))
		maxAdvance = max(maxAdvance, gl.advance)
		if len(gl.contours) == 0 {
			continue
		}
		if first {
			box, first = gl.box, false
		}
		box = [4]int{min(box[0], gl.box[0]), min(box[1], gl.box[1]), max(box[2], gl.box[2]), max(box[3], gl.box[3])}
		g.Write(be(int16(len(gl.contours)), int16(gl.box[0]), int16(gl.box[1]), int16(gl.box[2]), int16(gl.box[3])))
		points := 0
		for _, c := range gl.contours {
			points += len(c)
			g.Write(be(uint16(points - 1)))
		}
		maxPoints, maxContours = max(maxPoints, points), max(maxContours, len(gl.contours))
		g.Write(be(uint16(0))) // no instructions
		for _, c := range gl.contours {
			for _, p := range c {
				if p.on {
					g.WriteByte(1)
				} else {
					g.WriteByte(0)
				}
			}
		}
		x, y := 0, 0
		var ys bytes.Buffer
		for _, c := range gl.contours {
			for _, p := range c {
				g.Write(be(int16(p.x - x)))
				ys.Write(be(int16(p.y - y)))
				x, y = p.x, p.y
			}
		}
		g.Write(ys.Bytes())
		for g.Len()%4 != 0 {
			g.WriteByte(0)
		}
	}
	l.Write(be(uint32(g.Len())))
	return g.Bytes(), l.Bytes(), box, maxPoints, maxContours, maxAdvance
}

func (t *ttf) head(box [4]int) []byte {
	return be(uint32(0x00010000), uint32(0x00010000), uint32(0), uint32(0x5F0F3CF5), uint16(0x000B), uint16(t.upem),
		uint64(0), uint64(0), int16(box[0]), int16(box[1]), int16(box[2]), int16(box[3]), uint16(0), uint16(8), int16(2), int16(1), int16(0))
}

func (t *ttf) hhea(maxAdvance int) []byte {
	return be(uint32(0x00010000), int16(t.ascent), int16(t.descent), int16(0), uint16(maxAdvance), int16(0), int16(0), int16(maxAdvance),
		int16(1), int16(0), int16(0), int16(0), int16(0), int16(0), int16(0), int16(0), uint16(len(t.glyphs)))
}

func (t *ttf) hmtx() []byte {
	var b bytes.Buffer
	for _, g := range t.glyphs {
		b.Write(be(uint16(g.advance), int16(g.box[0])))
	}
	return b.Bytes()
}

// cmapTable maps the runes through one format 4 subtable for Windows
// Unicode (BMP), a segment per run of consecutive characters.
func (t *ttf) cmapTable() []byte {
	type seg struct{ start, end, delta uint16 }
	var segs []seg
	for _, e := range t.cmap {
		delta := e.glyph - e.r // modulo 65536, as the format intends
		if n := len(segs); n > 0 && segs[n-1].end+1 == e.r && segs[n-1].delta == delta {
			segs[n-1].end = e.r
			continue
		}
		segs = append(segs, seg{e.r, e.r, delta})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	entrySelector := int(math.Floor(math.Log2(float64(n))))
	searchRange := (1 << entrySelector) * 2
	var sub bytes.Buffer
	sub.Write(be(uint16(4), uint16(16+8*n), uint16(0), uint16(2*n), uint16(searchRange), uint16(entrySelector), uint16(2*n-searchRange)))
	for _, s := range segs {
		sub.Write(be(s.end))
	}
	sub.Write(be(uint16(0)))
	for _, s := range segs {
		sub.Write(be(s.start))
	}
	for _, s := range segs {
		sub.Write(be(s.delta))
	}
	for range segs {
		sub.Write(be(uint16(0)))
	}
	return append(be(uint16(0), uint16(1), uint16(3), uint16(1), uint32(12)), sub.Bytes()...)
}

// nameTable names the font (family, style, unique, full and PostScript
// names) in Windows English.
func (t *ttf) nameTable() []byte {
	names := []struct {
		id   uint16
		text string
	}{{1, t.name}, {2, "Regular"}, {3, t.name}, {4, t.name}, {6, t.name}}
	var strs bytes.Buffer
	head := be(uint16(0), uint16(len(names)), uint16(6+12*len(names)))
	var recs bytes.Buffer
	for _, n := range names {
		var s bytes.Buffer
		for _, u := range utf16.Encode([]rune(n.text)) {
			s.Write(be(u))
		}
		recs.Write(be(uint16(3), uint16(1), uint16(0x409), n.id, uint16(s.Len()), uint16(strs.Len())))
		strs.Write(s.Bytes())
	}
	return append(append(head, recs.Bytes()...), strs.Bytes()...)
}

// os2 is version 4 of the OS/2 table: installable embedding (fsType 0),
// regular weight, the font's ascent and descent.
func (t *ttf) os2(box [4]int) []byte {
	first, last := uint16(0xFFFF), uint16(0)
	for _, e := range t.cmap {
		first, last = min(first, e.r), max(last, e.r)
	}
	if len(t.cmap) == 0 {
		first, last = 0, 0
	}
	return be(uint16(4), int16(t.upem/2), uint16(400), uint16(5), uint16(0),
		int16(t.upem/5), int16(t.upem/5), int16(0), int16(t.upem/10), int16(t.upem/5), int16(t.upem/5), int16(0), int16(t.upem/2),
		int16(t.upem/20), int16(t.upem/4), int16(0),
		[10]byte{}, uint32(0), uint32(0), uint32(0), uint32(0), [4]byte{'T', 'K', ' ', ' '}, uint16(0x40), first, last,
		int16(t.ascent), int16(t.descent), int16(0), uint16(max(t.ascent, box[3])), uint16(max(-t.descent, -box[1])),
		uint32(1), uint32(0), int16(t.capHeight/2), int16(t.capHeight), uint16(0), uint16(' '), uint16(0))
}

// be writes values big-endian.
func be(vs ...any) []byte {
	var b bytes.Buffer
	for _, v := range vs {
		_ = binary.Write(&b, binary.BigEndian, v)
	}
	return b.Bytes()
}

func checksum(data []byte) uint32 {
	var sum uint32
	for i := 0; i < len(data); i += 4 {
		var w [4]byte
		copy(w[:], data[i:min(i+4, len(data))])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
