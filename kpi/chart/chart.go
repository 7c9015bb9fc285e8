package chart

import (
	"bytes"
	"html/template"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/language"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/pricing"
)

// Format is an image format.
type Format string

// Formats.
const (
	SVG Format = "svg"
	PNG Format = "png"
)

// A chart's size: a half A4 page wide.
const (
	chartWidth  = 16 * vg.Centimeter
	chartHeight = 9 * vg.Centimeter
)

var (
	valueColor  = color.RGBA{R: 0x1f, G: 0x5f, B: 0xa8, A: 0xff}
	targetColor = color.RGBA{R: 0xc0, G: 0x39, B: 0x2b, A: 0xff}
)

// Option changes how a chart is drawn.
type Option func(*options)

type options struct {
	face *sfnt.Font
}

// WithFont sets every text of the chart in f — the font a PNG needs for
// Chinese, Japanese or Korean, which the built-in Liberation fonts lack;
// document/pdf's Font gives one (its SFNT method), such as Noto Sans CJK.
// An SVG names the font's family for the viewer to draw it.
func WithFont(f *sfnt.Font) Option { return func(o *options) { o.face = f } }

// styled applies the options to a plot and to its labels.
func styled(p *plot.Plot, opts []Option, labels ...*plotter.Labels) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.face == nil {
		return
	}
	var b sfnt.Buffer
	family, err := o.face.Name(&b, sfnt.NameIDFamily)
	if err != nil || family == "" {
		family = "Embedded"
	}
	h := text.Plain{Fonts: font.NewCache(font.Collection{{Font: font.Font{Typeface: font.Typeface(family)}, Face: o.face}})}
	p.TextHandler = h
	for _, s := range []*text.Style{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle, &p.X.Tick.Label, &p.Y.Tick.Label,
		&p.Legend.TextStyle} {
		s.Handler, s.Font.Typeface, s.Font.Variant = h, font.Typeface(family), ""
	}
	for _, l := range labels {
		for i := range l.TextStyle {
			l.TextStyle[i].Handler, l.TextStyle[i].Font.Typeface, l.TextStyle[i].Font.Variant = h, font.Typeface(family), ""
		}
	}
}

func write(p *plot.Plot, format Format, out io.Writer) error {
	if format != SVG && format != PNG {
		return problem.One(kpi.ErrInvalid, "format", "unknown", "a chart is svg or png")
	}
	w, err := p.WriterTo(chartWidth, chartHeight, string(format))
	if err != nil {
		return err
	}
	_, err = w.WriteTo(out)
	return err
}

// Trend draws one KPI over the cards' periods (oldest first) against its
// target line: each known value a point labelled with its exact
// percentage, periods without data left as gaps and labelled "no data".
func Trend(out io.Writer, cards []kpi.Card, id string, lang language.Tag, format Format, opts ...Option) error {
	if len(cards) == 0 {
		return problem.One(kpi.ErrInvalid, "cards", "required", "a trend needs scorecards")
	}
	res, ok := cards[0].Result(id)
	if !ok {
		return problem.One(kpi.ErrInvalid, "id", "unknown", "the scorecards have no KPI "+problem.Clip(id))
	}
	t := i18n.For(lang)
	d := res.Definition
	p := plot.New()
	p.Title.Text = d.Label(lang)
	p.Y.Label.Text = "%"
	// The axis holds zero, the target and every value (and 100 % for a
	// share), so that one period's value is never drawn as a flat line
	// on a squeezed axis.
	target := d.Target.InexactFloat64()
	lo, hi := min(0, target), max(100, target)
	for _, c := range cards {
		r, _ := c.Result(id)
		if pct, known := r.Value.Percent(); known {
			v := pct.InexactFloat64()
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	noData := t.T("no_data")
	var labels []string
	var segment plotter.XYs
	var texts []string
	var pts, gaps plotter.XYs
	for i, c := range cards {
		labels = append(labels, c.Period.Label)
		r, _ := c.Result(id)
		pct, known := r.Value.Percent()
		if !known {
			if len(segment) > 0 {
				if err := addLine(p, segment); err != nil {
					return err
				}
				segment = nil
			}
			// A gap in the line, marked on the axis and named in the legend.
			gaps = append(gaps, plotter.XY{X: float64(i), Y: lo})
			pts = append(pts, plotter.XY{X: float64(i), Y: lo + (hi-lo)*0.04})
			texts = append(texts, noData)
			continue
		}
		xy := plotter.XY{X: float64(i), Y: pct.InexactFloat64()}
		segment = append(segment, xy)
		pts = append(pts, xy)
		texts = append(texts, pct.StringFixed(2)+"%")
	}
	if len(gaps) > 0 {
		marks, err := plotter.NewScatter(gaps)
		if err != nil {
			return err
		}
		marks.GlyphStyle = draw.GlyphStyle{Color: targetColor, Radius: vg.Points(4), Shape: draw.RingGlyph{}}
		p.Add(marks)
		p.Legend.Add(noData, marks)
	}
	// Headroom above the highest of them for the legend, set at the top
	// where no value is drawn.
	p.Y.Min, p.Y.Max = lo, hi+(hi-lo)*0.25
	p.Y.Tick.Marker = plot.ConstantTicks(ticks(lo, hi))
	p.Legend.Top = true
	if len(segment) > 0 {
		if err := addLine(p, segment); err != nil {
			return err
		}
	}
	tl, err := plotter.NewLine(plotter.XYs{{X: -0.2, Y: target}, {X: float64(len(cards)-1) + 0.2, Y: target}})
	if err != nil {
		return err
	}
	tl.Color, tl.Dashes = targetColor, []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(tl)
	p.Legend.Add(t.T("chart.target", comparison(d.Comparison)+" "+d.Target.String()+"%"), tl)
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: texts})
	if err != nil {
		return err
	}
	lab.Offset = vg.Point{X: vg.Points(5), Y: vg.Points(4)} // beside the point, not over it
	p.Add(lab)
	p.NominalX(thin(labels)...)
	p.X.Min, p.X.Max = -0.5, float64(len(cards))-0.5
	styled(p, opts, lab)
	return write(p, format, out)
}

func addLine(p *plot.Plot, xys plotter.XYs) error {
	l, s, err := plotter.NewLinePoints(xys)
	if err != nil {
		return err
	}
	l.Color, s.Color = valueColor, valueColor
	p.Add(l, s)
	return nil
}

// BurnUp draws a sales plan's month: the cumulative actual per day to the
// progress's day against the straight line from nothing to the target,
// the target and the forecast labelled with their exact amounts. daily
// holds each day's net sales from the first of the month.
func BurnUp(out io.Writer, pr kpi.Progress, daily []pricing.Money, lang language.Tag, format Format, opts ...Option) error {
	per := pr.Plan.Period()
	if len(daily) == 0 || len(daily) > per.Days() {
		return problem.One(kpi.ErrInvalid, "daily", "range", "a burn-up has one amount for each day so far of the month")
	}
	t := i18n.For(lang)
	f := pricing.NewFormatter(lang)
	p := plot.New()
	p.Title.Text = t.T("chart.burnup", pr.Plan.Consultant, per.Label)
	p.X.Label.Text = t.T("chart.day")
	sum := pricing.Zero(pr.Plan.Target.Currency())
	var actual plotter.XYs
	for i, m := range daily {
		var err error
		if sum, err = sum.Add(m); err != nil {
			return err
		}
		actual = append(actual, plotter.XY{X: float64(i + 1), Y: sum.Amount().InexactFloat64()})
	}
	target := pr.Plan.Target.Amount().InexactFloat64()
	ideal, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: float64(per.Days()), Y: target}})
	if err != nil {
		return err
	}
	ideal.Color, ideal.Dashes = targetColor, []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(ideal)
	p.Legend.Add(t.T("chart.target", f.Format(pr.Plan.Target)), ideal)
	if err := addLine(p, actual); err != nil {
		return err
	}
	last := actual[len(actual)-1]
	texts := []string{f.Format(sum)}
	pts := plotter.XYs{last}
	if !pr.ForecastNoData {
		pts = append(pts, plotter.XY{X: float64(per.Days()), Y: pr.Forecast.Amount().InexactFloat64()})
		texts = append(texts, t.T("chart.forecast", f.Format(pr.Forecast)))
	}
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: texts})
	if err != nil {
		return err
	}
	p.Add(lab)
	p.X.Min, p.X.Max = 0, float64(per.Days())+1
	styled(p, opts, lab)
	return write(p, format, out)
}

// HTML writes a scorecard page: the cards as a table (as kpi.RenderText
// gives it) and one trend chart per KPI, inline SVG.
func HTML(out io.Writer, cards []kpi.Card, lang language.Tag) error {
	if len(cards) == 0 {
		return problem.One(kpi.ErrInvalid, "cards", "required", "a scorecard page needs scorecards")
	}
	var table strings.Builder
	if err := kpi.RenderText(&table, cards, lang); err != nil {
		return err
	}
	var charts []template.HTML
	for _, r := range cards[0].Results {
		var b bytes.Buffer
		if err := Trend(&b, cards, r.Definition.ID, lang, SVG); err != nil {
			return err
		}
		svg := b.String()
		if i := strings.Index(svg, "<svg"); i >= 0 {
			svg = svg[i:] // the XML prolog does not belong inside HTML
		}
		charts = append(charts, template.HTML(svg)) // drawn here from our own values, not from input markup
	}
	t, err := template.New("page").Parse(page)
	if err != nil {
		return err
	}
	lang2 := i18n.For(lang).T("lang.tag")
	return t.Execute(out, struct {
		Lang, Title, Table string
		Charts             []template.HTML
	}{lang2, strings.SplitN(table.String(), "\n", 2)[0], table.String(), charts})
}

const page = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
  body { font-family: "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 2em; color: #111; }
  pre { font-family: "Noto Sans Mono CJK SC", monospace; background: #f6f6f6; padding: 1em; }
  figure { display: inline-block; margin: 0.5em; }
  @media print { figure { page-break-inside: avoid; } }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<pre>{{.Table}}</pre>
{{range .Charts}}<figure>{{.}}</figure>
{{end}}</body>
</html>
`

// comparison is a KPI's comparison as a reader writes it.
func comparison(c kpi.Comparison) string {
	switch c {
	case kpi.AtLeast:
		return "≥"
	case kpi.AtMost:
		return "≤"
	}
	return string(c)
}

// maxTicks is how many period labels fit under a chart's width.
const maxTicks = 8

// thin keeps every period label while they fit, and otherwise every
// n-th (the last always), blanking the rest so that none overlaps.
func thin(labels []string) []string {
	if len(labels) <= maxTicks {
		return labels
	}
	step := (len(labels) + maxTicks - 1) / maxTicks
	out := make([]string, len(labels))
	for i, l := range labels {
		if (len(labels)-1-i)%step == 0 {
			out[i] = l
		}
	}
	return out
}

// ticks marks an axis from lo to hi in about four round steps (1, 2, 2.5
// or 5 times a power of ten), labelled; the headroom above hi has none.
func ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if span <= 0 {
		span = 1
	}
	raw := span / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag * 10
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []plot.Tick
	for v := math.Floor(lo/step) * step; v <= hi+step/1e6; v += step {
		out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return out
}
