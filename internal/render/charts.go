package render

import (
	"fmt"
	"strings"
)

// chart is an SVG drawing worked out in Go: shapes and words at positions,
// written out by the "chart" template (which escapes every word).
type chart struct {
	ID, Title, Desc string
	TableID         string // the data table with the same numbers
	Width, Height   float64
	Rects           []shape
	Lines           []shape
	Texts           []label
}

// shape is a rectangle (X, Y, W, H) or a line (X, Y to X+W, Y+H).
type shape struct {
	X, Y, W, H float64
	Class, Tip string
}

type label struct {
	X, Y          float64
	Anchor, Class string
	Text          string
}

func (c *chart) rect(x, y, w, h float64, class, tip string) {
	c.Rects = append(c.Rects, shape{x, y, w, h, class, tip})
}

func (c *chart) line(x1, y1, x2, y2 float64, class, tip string) {
	c.Lines = append(c.Lines, shape{x1, y1, x2 - x1, y2 - y1, class, tip})
}

func (c *chart) text(x, y float64, anchor, class, s string) {
	c.Texts = append(c.Texts, label{x, y, anchor, class, s})
}

// legend draws coloured keys in a row at the top left.
func (c *chart) legend(x float64, keys ...string) {
	for i := 0; i+1 < len(keys); i += 2 {
		c.rect(x, 10, 12, 12, keys[i], "")
		c.text(x+18, 20.5, "start", "legend", keys[i+1])
		x += 18 + float64(len(keys[i+1]))*7 + 24
	}
}

// niceScale picks an axis maximum and tick step (1, 2 or 5 times a power of
// ten) with at most five steps.
func niceScale(maxV int32) (top, step int32) {
	if maxV <= 0 {
		return 1, 1
	}
	for p := int32(1); ; p *= 10 {
		for _, m := range []int32{1, 2, 5} {
			if s := m * p; (maxV+s-1)/s <= 5 {
				return (maxV + s - 1) / s * s, s
			}
		}
	}
}

func plural(n int32, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// incidentsByMonth stacks each month's incidents and near misses.
func incidentsByMonth(d *document) chart {
	c := chart{ID: "chart-incidents-by-month", TableID: "table-incidents-by-month", Width: 760, Height: 310,
		Title: "Incidents and near misses per month",
		Desc:  "Stacked bars: incidents at the bottom, near misses on top, one bar per month of the period."}
	left, top, plotW, plotH := 44.0, 52.0, 700.0, 212.0
	base := top + plotH
	c.legend(left, "bar-incident", "Incidents", "bar-nearmiss", "Near misses")
	topV, step := niceScale(d.MaxMonth)
	if d.MaxMonth == 0 {
		step = topV + 1 // nothing to scale: the zero line alone
	}
	for v := int32(0); v <= topV; v += step {
		y := base - float64(v)/float64(topV)*plotH
		c.line(left, y, left+plotW, y, "grid", "")
		c.text(left-8, y+4, "end", "axis", fmt.Sprint(v))
	}
	c.line(left, base, left+plotW, base, "axis-line", "")
	n := len(d.Months)
	if n == 0 || d.MaxMonth == 0 {
		c.text(left+plotW/2, top+plotH/2, "middle", "empty", "No incidents or near misses in this period")
		return c
	}
	slot := plotW / float64(n)
	bw := min(slot*0.62, 44)
	every := (n + 11) / 12
	for i, m := range d.Months {
		x := left + float64(i)*slot + (slot-bw)/2
		hI := float64(m.Incidents) / float64(topV) * plotH
		hN := float64(m.NearMisses) / float64(topV) * plotH
		if m.Incidents > 0 {
			c.rect(x, base-hI, bw, hI, "bar-incident", fmt.Sprintf("%s: %s", m.Label, plural(m.Incidents, "incident", "incidents")))
		}
		if m.NearMisses > 0 {
			c.rect(x, base-hI-hN, bw, hN, "bar-nearmiss", fmt.Sprintf("%s: %s", m.Label, plural(m.NearMisses, "near miss", "near misses")))
		}
		cx := x + bw/2
		if m.Total > 0 && n <= 24 {
			c.text(cx, base-hI-hN-5, "middle", "value", fmt.Sprint(m.Total))
		}
		if i%every == 0 {
			mon, year, _ := strings.Cut(m.Label, " ")
			c.text(cx, base+16, "middle", "axis", mon)
			if i == 0 || mon == "Jan" {
				c.text(cx, base+30, "middle", "axis year", year)
			}
		}
	}
	return c
}

// actionsByArea draws one horizontal bar per D2.b area: done, open on
// track and overdue actions end to end.
func actionsByArea(d *document) chart {
	left, top, rowH, barH, plotW := 290.0, 40.0, 26.0, 16.0, 410.0
	c := chart{ID: "chart-actions-by-area", TableID: "table-actions-by-area", Width: 760,
		Height: top + rowH*float64(len(d.Areas)) + 30,
		Title:  "Improvement actions by D2.b area and state",
		Desc:   "Horizontal stacked bars, one per area: done, open and on track, and overdue actions. Cancelled actions are not drawn."}
	c.legend(left, "bar-done", "Done", "bar-ontrack", "Open, on track", "bar-overdue", "Overdue")
	var maxV int32
	for _, a := range d.Areas {
		maxV = max(maxV, a.Done+a.OnTrack+a.Overdue)
	}
	topV, step := niceScale(maxV)
	if maxV == 0 {
		step = topV + 1
	}
	bottom := top + rowH*float64(len(d.Areas))
	for v := int32(0); v <= topV; v += step {
		x := left + float64(v)/float64(topV)*plotW
		c.line(x, top, x, bottom, "grid", "")
		c.text(x, bottom+16, "middle", "axis", fmt.Sprint(v))
	}
	for i, a := range d.Areas {
		y := top + float64(i)*rowH
		c.text(left-10, y+rowH/2+4, "end", "category", a.Label)
		x := left
		for _, seg := range []struct {
			n           int32
			class, what string
		}{{a.Done, "bar-done", "done"}, {a.OnTrack, "bar-ontrack", "open, on track"}, {a.Overdue, "bar-overdue", "overdue"}} {
			if seg.n == 0 {
				continue
			}
			w := float64(seg.n) / float64(topV) * plotW
			c.rect(x, y+(rowH-barH)/2, w, barH, seg.class, fmt.Sprintf("%s: %d %s", a.Label, seg.n, seg.what))
			x += w
		}
		c.text(x+6, y+rowH/2+4, "start", "value", fmt.Sprint(a.Done+a.OnTrack+a.Overdue))
	}
	c.line(left, top, left, bottom, "axis-line", "")
	if maxV == 0 {
		c.text(left+plotW/2, top+rowH*float64(len(d.Areas))/2, "middle", "empty", "No improvement actions in this period")
	}
	return c
}

// onTime draws the on-time rates as 0-100% bars, with the previous
// period's rate marked; a rate with no data is an empty, dashed track.
func onTime(d *document) chart {
	left, top, rowH, barH, plotW := 290.0, 40.0, 44.0, 22.0, 370.0
	c := chart{ID: "chart-on-time", TableID: "table-on-time", Width: 760,
		Height: top + rowH*float64(len(d.OnTime)) + 30,
		Title:  "On-time rates",
		Desc:   "Share of completed actions done by their due date, and share of incidents whose SIRO was notified within the deadline, from 0 to 100 per cent."}
	keys := []string{"bar-ontime", "This period"}
	if d.PreviousPeriod != "" {
		keys = append(keys, "key-previous", "Previous period")
	}
	c.legend(left, keys...)
	bottom := top + rowH*float64(len(d.OnTime))
	for v := 0; v <= 100; v += 25 {
		x := left + float64(v)/100*plotW
		c.line(x, top, x, bottom, "grid", "")
		c.text(x, bottom+16, "middle", "axis", fmt.Sprintf("%d%%", v))
	}
	for i, f := range d.OnTime {
		y := top + float64(i)*rowH
		by := y + (rowH-barH)/2
		c.text(left-10, y+rowH/2-1, "end", "category", f.Label)
		c.text(left-10, y+rowH/2+13, "end", "note", strings.ToLower(f.Scope[:1])+f.Scope[1:])
		if f.current == nil {
			c.rect(left, by, plotW, barH, "track nodata", f.Label+": "+noData)
		} else {
			c.rect(left, by, plotW, barH, "track", "")
			c.rect(left, by, *f.current/100*plotW, barH, "bar-ontime", f.Label+": "+f.Value)
		}
		c.text(left+plotW+10, by+barH/2+5, "start", "value big", f.Value)
		if f.previous != nil {
			x := left + *f.previous/100*plotW
			c.line(x, by-5, x, by+barH+5, "previous", "Previous period: "+f.Previous)
		}
	}
	return c
}
