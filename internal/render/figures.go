package render

import (
	"fmt"
	"math"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// kind says how a figure is written and how its change is written.
type kind int

const (
	kindCount kind = iota
	kindPercent
	kindDuration
	kindRatio
)

// better says which way a figure is an improvement.
type better int

const (
	neutral better = iota
	higherBetter
	lowerBetter
)

// Scopes of the KPIs: which records a figure is computed over.
const (
	scopeIncidents = "Incidents only"
	scopeAll       = "Incidents and near misses"
	scopeActions   = "Completed actions"
	// scopeCyberAttacks and scopeExternal are the learning-across-incidents
	// figures' records.
	scopeCyberAttacks = "Cyber attacks (incidents)"
	scopeExternal     = "Incidents and near misses to report externally"
)

// headline fills the headline and KPI rows, with the previous period's
// figures and the change where both are known.
func (d *document) headline(st *v1alpha1.LessonsReportStatus) {
	var cur, prev *v1alpha1.IncidentFigures
	var curK, prevK *v1alpha1.ReportKPIs
	cur, curK = st.Incidents, st.KPIs
	hasPrev := st.PreviousPeriod != nil
	if hasPrev {
		p := st.PreviousPeriod
		prev, prevK = &p.Incidents, &p.KPIs
		to := p.To.Time
		d.PreviousPeriod = periodText(p.From.Time, &to)
	}
	if curK == nil && cur != nil {
		curK = &v1alpha1.ReportKPIs{}
	}
	cnt := func(f *v1alpha1.IncidentFigures, pick func(*v1alpha1.IncidentFigures) int32) *float64 {
		if f == nil {
			return nil
		}
		v := float64(pick(f))
		return &v
	}
	kpi := func(k *v1alpha1.ReportKPIs, pick func(*v1alpha1.ReportKPIs) *float64) *float64 {
		if k == nil {
			return nil
		}
		return pick(k)
	}
	total := func(f *v1alpha1.IncidentFigures) int32 { return f.Total }
	incidents := func(f *v1alpha1.IncidentFigures) int32 { return f.Incidents }
	nearMisses := func(f *v1alpha1.IncidentFigures) int32 { return f.NearMisses }
	cyberAttacks := func(f *v1alpha1.IncidentFigures) int32 { return f.CyberAttacks }
	exercises := func(f *v1alpha1.IncidentFigures) int32 { return f.Exercises }
	ratio := func(k *v1alpha1.ReportKPIs) *float64 {
		if v, ok := parseRatio(k.NearMissRatio); ok {
			return &v
		}
		return nil
	}
	row := func(label, scope string, k kind, b better, c, p *float64) figure {
		return newFigure(label, scope, k, b, c, p, hasPrev)
	}
	d.Headline = []figure{
		row("Incidents and near misses", "", kindCount, neutral, cnt(cur, total), cnt(prev, total)),
		row("Incidents", "", kindCount, lowerBetter, cnt(cur, incidents), cnt(prev, incidents)),
		row("Near misses", "", kindCount, neutral, cnt(cur, nearMisses), cnt(prev, nearMisses)),
		row("Near misses per incident", "", kindRatio, neutral, kpi(curK, ratio), kpi(prevK, ratio)),
		row("Cyber attacks", "", kindCount, lowerBetter, cnt(cur, cyberAttacks), cnt(prev, cyberAttacks)),
		row("Exercises of the response plan", "", kindCount, neutral, cnt(cur, exercises), cnt(prev, exercises)),
	}
	dur := func(pick func(*v1alpha1.ReportKPIs) *time.Duration) func(*v1alpha1.ReportKPIs) *float64 {
		return func(k *v1alpha1.ReportKPIs) *float64 {
			if v := pick(k); v != nil {
				f := float64(*v)
				return &f
			}
			return nil
		}
	}
	pct := func(pick func(*v1alpha1.ReportKPIs) *int32) func(*v1alpha1.ReportKPIs) *float64 {
		return func(k *v1alpha1.ReportKPIs) *float64 {
			if v := pick(k); v != nil {
				f := float64(*v)
				return &f
			}
			return nil
		}
	}
	meanContain := dur(func(k *v1alpha1.ReportKPIs) *time.Duration { return durationOf(k.MeanTimeToContain) })
	medianContain := dur(func(k *v1alpha1.ReportKPIs) *time.Duration { return durationOf(k.MedianTimeToContain) })
	meanSignOff := dur(func(k *v1alpha1.ReportKPIs) *time.Duration { return durationOf(k.MeanTimeToRCASignOff) })
	detect := dur(func(k *v1alpha1.ReportKPIs) *time.Duration { return durationOf(k.MeanTimeToDetect) })
	resolve := dur(func(k *v1alpha1.ReportKPIs) *time.Duration { return durationOf(k.MeanTimeToResolve) })
	dwell := dur(func(k *v1alpha1.ReportKPIs) *time.Duration { return durationOf(k.MeanAttackerDwellTime) })
	external := pct(func(k *v1alpha1.ReportKPIs) *int32 { return k.ExternalReportsOnTimePercent })
	decisions := pct(func(k *v1alpha1.ReportKPIs) *int32 { return k.ExternalReportDecisionsOnTimePercent })
	siro := pct(func(k *v1alpha1.ReportKPIs) *int32 { return k.SIRONotifiedOnTimePercent })
	rca := pct(func(k *v1alpha1.ReportKPIs) *int32 { return k.RCASignedOffPercent })
	actions := pct(func(k *v1alpha1.ReportKPIs) *int32 { return k.ActionsCompletedOnTimePercent })
	shared := pct(func(k *v1alpha1.ReportKPIs) *int32 { return k.LearningSharedOnTimePercent })
	siroRow := row("SIRO notified within the deadline", scopeIncidents, kindPercent, higherBetter, kpi(curK, siro), kpi(prevK, siro))
	actionsRow := row("Actions completed on time", scopeActions, kindPercent, higherBetter, kpi(curK, actions), kpi(prevK, actions))
	d.KPIs = []figure{
		row("Mean time to detect", scopeAll, kindDuration, lowerBetter, kpi(curK, detect), kpi(prevK, detect)),
		row("Mean time to contain", scopeIncidents, kindDuration, lowerBetter, kpi(curK, meanContain), kpi(prevK, meanContain)),
		row("Median time to contain", scopeIncidents, kindDuration, lowerBetter, kpi(curK, medianContain), kpi(prevK, medianContain)),
		row("Mean time to resolve", scopeIncidents, kindDuration, lowerBetter, kpi(curK, resolve), kpi(prevK, resolve)),
		row("Mean attacker dwell time", scopeCyberAttacks, kindDuration, lowerBetter, kpi(curK, dwell), kpi(prevK, dwell)),
		siroRow,
		row("Decisions on external reporting made on time", scopeIncidents, kindPercent, higherBetter, kpi(curK, decisions), kpi(prevK, decisions)),
		row("External reports made on time", scopeExternal, kindPercent, higherBetter, kpi(curK, external), kpi(prevK, external)),
		row("Root cause analyses signed off", scopeAll, kindPercent, higherBetter, kpi(curK, rca), kpi(prevK, rca)),
		row("Mean time to RCA sign-off", scopeAll, kindDuration, lowerBetter, kpi(curK, meanSignOff), kpi(prevK, meanSignOff)),
		row("Learning shared on time", scopeAll, kindPercent, higherBetter, kpi(curK, shared), kpi(prevK, shared)),
		actionsRow,
	}
	d.OnTime = []figure{actionsRow, siroRow}
}

func durationOf(d *metav1.Duration) *time.Duration {
	if d == nil {
		return nil
	}
	v := d.Duration
	return &v
}

// newFigure writes a row: values, change and whether the change is good.
func newFigure(label, scope string, k kind, b better, cur, prev *float64, hasPrev bool) figure {
	f := figure{Label: label, Scope: scope, Value: formatValue(k, cur), current: cur, previous: prev}
	if !hasPrev {
		return f
	}
	f.Previous = formatValue(k, prev)
	if cur == nil || prev == nil {
		return f
	}
	diff := *cur - *prev
	if k == kindRatio {
		diff = math.Round(diff*100) / 100
	}
	switch {
	case diff > 0:
		f.Change = "▲ +" + formatChange(k, diff)
	case diff < 0:
		f.Change = "▼ -" + formatChange(k, -diff)
	default:
		f.Change = "= no change"
	}
	switch {
	case diff == 0 || b == neutral:
	case (diff > 0) == (b == higherBetter):
		f.Judgement = "better"
	default:
		f.Judgement = "worse"
	}
	return f
}

func formatValue(k kind, v *float64) string {
	if v == nil {
		return noData
	}
	switch k {
	case kindPercent:
		return fmt.Sprintf("%.0f%%", *v)
	case kindDuration:
		return statuskit.HumanDuration(time.Duration(*v))
	case kindRatio:
		return fmt.Sprintf("%.2f", *v)
	}
	return fmt.Sprintf("%.0f", *v)
}

func formatChange(k kind, v float64) string {
	switch k {
	case kindPercent:
		if v == 1 {
			return "1 point"
		}
		return fmt.Sprintf("%.0f points", v)
	case kindDuration:
		return statuskit.HumanDuration(time.Duration(v))
	case kindRatio:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.0f", v)
}
